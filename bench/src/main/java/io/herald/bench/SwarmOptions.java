package io.herald.bench;

import io.herald.bench.swarm.SwarmSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The options of every scenario with subscribers: where they connect, how many processes, what to measure. */
final class SwarmOptions {

    /** The open-file limit here is 20,000 per process; leave room for the JVM's own files. */
    static final int MAX_SOCKETS_PER_PROCESS = 19_000;
    private static final int AUTO_SOCKETS_PER_PROCESS = 18_000;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:6001",
            description = "WebSocket base URL of the node (ws://host:port[/prefix]); /app/KEY is added. Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--key", defaultValue = "app-key", description = "App key. Default: ${DEFAULT-VALUE}")
    String key;

    @Option(names = "--channels", defaultValue = "1", description = "Public channels the subscribers are spread over. Default: ${DEFAULT-VALUE}")
    int channels;

    @Option(names = "--channel-prefix", defaultValue = "bench-", description = "Channel names are PREFIX0, PREFIX1, ... Default: ${DEFAULT-VALUE}")
    String channelPrefix;

    @Option(names = "--processes", defaultValue = "0",
            description = "Client processes: 1 runs the subscribers here, more forks that many workers. 0 (default) forks only above "
                    + AUTO_SOCKETS_PER_PROCESS + " connections.")
    int processes;

    @Option(names = "--source-addresses", split = ",", paramLabel = "ADDR",
            description = "Local addresses to bind client sockets to, in turn (e.g. 127.0.0.1,127.0.0.2), to use more ephemeral ports.")
    List<String> sourceAddresses = new ArrayList<>();

    @Option(names = "--reconnect-urls", split = ",", paramLabel = "URL",
            description = "WebSocket base URLs of the nodes (as --url) a subscriber closed with 4200-4299 (a node draining) reconnects "
                    + "to, the other one holding the fewest of this process's connections, and subscribes again: the time to resubscribed and the events "
                    + "missed meanwhile are reported. Without it such a close counts as a drop.")
    List<String> reconnectUrls = new ArrayList<>();

    @Option(names = "--max-pending", defaultValue = "1000", description = "Connections being set up at once, at most. Default: ${DEFAULT-VALUE}")
    int maxPending;

    @Option(names = "--setup-timeout", defaultValue = "30",
            description = "Seconds one connection may take to connect, upgrade and subscribe. Default: ${DEFAULT-VALUE}")
    long setupTimeoutSeconds;

    @Option(names = "--client-threads", defaultValue = "0",
            description = "Client event loops per process; 0 shares the machine's cores among the client processes (at least one each).")
    int clientThreads;

    @Option(names = "--worker-jvm-option", paramLabel = "OPTION", defaultValue = "-Xmx1g",
            description = "JVM option for forked workers (repeatable). Default: ${DEFAULT-VALUE}")
    List<String> workerJvmOptions;

    @Option(names = "--server-pid", description = "PID of the server process to measure (CPU and RSS from /proc, heap via jcmd).")
    Long serverPid;

    @Option(names = "--deadline", description = "Hard limit on the whole run, in seconds (default: estimated from the other options).")
    Long deadlineSeconds;

    @Option(names = "--out", description = "Also write the JSON result to this file.")
    Path out;

    /** The processes to use for {@code connections} subscribers, after checking the open-file limit. */
    int processesFor(int connections) {
        int needed = Math.max(1, (connections + AUTO_SOCKETS_PER_PROCESS - 1) / AUTO_SOCKETS_PER_PROCESS);
        int chosen = processes > 0 ? processes : needed;
        if ((connections + chosen - 1) / chosen > MAX_SOCKETS_PER_PROCESS) {
            throw new ParameterException(command.commandLine(), "each process may hold at most " + MAX_SOCKETS_PER_PROCESS
                    + " connections (open-file limit); use --processes " + needed + " or more");
        }
        return chosen;
    }

    /** The swarm of {@code connections} over {@code processes} client processes (from {@link #processesFor}). */
    SwarmSpec spec(int connections, int processes, double connectRate, long deadlineSeconds) {
        if (channels < 1 || connections < 0) {
            throw new ParameterException(command.commandLine(), "--channels must be at least 1 and the connection count not negative");
        }
        // More loops than cores only adds wake-ups: each one sleeps and is woken for fewer sockets.
        int threads = clientThreads > 0 ? clientThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / processes);
        return new SwarmSpec(webSocketUrl(), connections, 0, channels, channelPrefix, connectRate, maxPending,
                setupTimeoutSeconds * 1000, sourceAddresses, threads, deadlineSeconds,
                reconnectUrls.stream().map(base -> webSocketUrl(base, key)).toList());
    }

    /** The full WebSocket URL, {@code ws://host:port[/prefix]/app/KEY?protocol=7&client=herald-bench&version=...}. */
    URI webSocketUrl() {
        return webSocketUrl(url, key);
    }

    /** {@code url} with {@code /app/KEY?protocol=7...} added, unless it already names an app. */
    static URI webSocketUrl(String url, String key) {
        URI base = URI.create(url);
        if (base.getPath() != null && base.getPath().contains("/app/")) {
            return base;
        }
        String prefix = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + "/app/" + key
                + "?protocol=7&client=herald-bench&version=" + BenchCommand.VERSION);
    }

    /** Seconds to set up {@code connections} at {@code rate}, with room for timeouts. */
    long setupSeconds(int connections, double rate) {
        return (long) Math.ceil(connections / rate) + setupTimeoutSeconds + 30;
    }

    Map<String, Object> parameters() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("key", key);
        out.put("channels", channels);
        out.put("processes", processes);
        out.put("sourceAddresses", sourceAddresses);
        out.put("serverPid", serverPid);
        if (!reconnectUrls.isEmpty()) {
            out.put("reconnectUrls", reconnectUrls);
        }
        return out;
    }
}
