package io.herald.bench;

import io.herald.bench.report.Progress;
import io.herald.bench.scenario.WebhooksScenario;
import io.herald.bench.client.ChannelSigner;
import io.herald.bench.swarm.ClientEventSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Client events on private channels at a fixed rate, each becoming a client_event webhook, and a "
                + "receiver in this process that answers 200 at once: webhook events and jobs delivered per second, loss, "
                + "duplicates and send-to-arrival lag. The node's app must send client_event webhooks to the receiver "
                + "(see docs/benchmarks.md).")
final class WebhooksCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:6001",
            description = "WebSocket base URL of the node (ws://host:port[/prefix]); /app/KEY is added. Default: ${DEFAULT-VALUE}")
    String url;

    @Option(names = "--key", defaultValue = "bench-key", description = "App key. Default: ${DEFAULT-VALUE}")
    String key;

    @Option(names = "--secret", defaultValue = "bench-secret",
            description = "App secret, to sign the private-channel subscriptions. Default: ${DEFAULT-VALUE}")
    String secret;

    @Option(names = "--connections", defaultValue = "4",
            description = "Connections sending client events, each on its own private channel. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--channel-prefix", defaultValue = "private-bench-",
            description = "Channel names are PREFIX0, PREFIX1, ...; must start with private-. Default: ${DEFAULT-VALUE}")
    String channelPrefix;

    @Option(names = "--event", defaultValue = "client-bench", description = "Client event name. Default: ${DEFAULT-VALUE}")
    String eventName;

    @Option(names = "--rate", defaultValue = "100", description = "Client events sent per second, over all connections. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--payload", defaultValue = "100", description = "Bytes of each event's data. Default: ${DEFAULT-VALUE}")
    int payloadBytes;

    @Option(names = "--receiver-host", defaultValue = "127.0.0.1",
            description = "Address the webhook receiver listens on. Default: ${DEFAULT-VALUE}")
    String receiverHost;

    @Option(names = "--receiver-port", defaultValue = "9700",
            description = "Port of the webhook receiver; the app's webhook URL must name it. Default: ${DEFAULT-VALUE}")
    int receiverPort;

    @Option(names = "--receiver-threads", defaultValue = "1", description = "Event loops of the receiver. Default: ${DEFAULT-VALUE}")
    int receiverThreads;

    @Option(names = "--client-threads", defaultValue = "1",
            description = "Event loops of the client-event connections. Default: ${DEFAULT-VALUE}")
    int clientThreads;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds of sending excluded from the figures. Default: ${DEFAULT-VALUE}")
    long warmupSeconds;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of measured sending. Default: ${DEFAULT-VALUE}")
    long durationSeconds;

    @Option(names = "--drain", defaultValue = "30",
            description = "Seconds to wait, at most, for the measured events' webhooks after the last send; the wait also "
                    + "ends when all arrived or nothing arrived for 3 s. Default: ${DEFAULT-VALUE}")
    long drainSeconds;

    @Option(names = "--setup-timeout", defaultValue = "30",
            description = "Seconds one connection may take to connect, upgrade and subscribe. Default: ${DEFAULT-VALUE}")
    long setupTimeoutSeconds;

    @Option(names = "--server-pid", description = "PID of the node to measure (CPU from /proc).")
    Long serverPid;

    @Option(names = "--sender-pid", description = "PID of a separate `herald sender` process to measure (CPU from /proc).")
    Long senderPid;

    @Option(names = "--deadline", description = "Hard limit on the whole run, in seconds (default: estimated from the other options).")
    Long deadlineSeconds;

    @Option(names = "--out", description = "Also write the JSON result to this file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || connections < 1 || payloadBytes < 0 || durationSeconds < 1 || warmupSeconds < 0 || drainSeconds < 0
                || receiverThreads < 1 || clientThreads < 1 || receiverPort < 0 || receiverPort > 65_535) {
            throw new ParameterException(command.commandLine(), "--rate must be positive, --connections, --duration and the "
                    + "thread counts at least 1, --payload, --warmup and --drain not negative, --receiver-port 0 to 65535");
        }
        if (!channelPrefix.startsWith("private-") || !eventName.startsWith("client-")) {
            throw new ParameterException(command.commandLine(),
                    "client events need --channel-prefix starting with private- and --event starting with client-");
        }
        long deadline = deadlineSeconds != null ? deadlineSeconds
                : setupTimeoutSeconds + warmupSeconds + durationSeconds + drainSeconds + 60;
        ClientEventSource.Settings source = new ClientEventSource.Settings(SwarmOptions.webSocketUrl(url, key), new ChannelSigner(key, secret), connections,
                channelPrefix, eventName, rate, payloadBytes, setupTimeoutSeconds * 1000, clientThreads);
        WebhooksScenario.Settings settings = new WebhooksScenario.Settings(source, receiverHost, receiverPort, receiverThreads,
                Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds), Duration.ofSeconds(drainSeconds),
                serverPid, senderPid, parameters(), Duration.ofSeconds(deadline));
        return ScenarioRunner.run(new WebhooksScenario(settings, new Progress(System.err)), settings.deadline(), out);
    }

    private Map<String, Object> parameters() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("key", key);
        out.put("connections", connections);
        out.put("channelPrefix", channelPrefix);
        out.put("event", eventName);
        out.put("rate", rate);
        out.put("payload", payloadBytes);
        out.put("receiver", "http://" + receiverHost + ":" + receiverPort + "/");
        out.put("warmup", warmupSeconds);
        out.put("duration", durationSeconds);
        out.put("drain", drainSeconds);
        out.put("serverPid", serverPid);
        out.put("senderPid", senderPid);
        return out;
    }
}
