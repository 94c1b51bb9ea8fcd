package io.herald.bench;

import io.herald.bench.publish.Publisher;
import io.herald.bench.report.Progress;
import io.herald.bench.scenario.FanoutScenario;
import io.herald.bench.scenario.RunSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "S subscribers over C channels and a publisher on the signed HTTP API at a fixed rate: "
                + "deliveries per second, loss, latency and, with --server-pid, server CPU per delivery.")
final class FanoutCommand implements Callable<Integer> {

    @Mixin
    SwarmOptions swarm;

    @Option(names = "--subscribers", required = true, description = "Subscriber connections.")
    int subscribers;

    @Option(names = "--connect-rate", defaultValue = "1000", description = "New subscriber connections per second. Default: ${DEFAULT-VALUE}")
    double connectRate;

    @Option(names = "--api-url", defaultValue = "http://127.0.0.1:6001",
            description = "HTTP API base URL (http://host:port[/prefix]). Default: ${DEFAULT-VALUE}")
    URI apiUrl;

    @Option(names = "--api-fallback-urls", split = ",", paramLabel = "URL",
            description = "The same API on other nodes, comma-separated: a call that cannot connect to --api-url (a node restarting) "
                    + "goes to the next of them, and the calls after it too. Default: none")
    List<URI> apiFallbackUrls = new ArrayList<>();

    @Option(names = "--app-id", defaultValue = "app-id", description = "App id. Default: ${DEFAULT-VALUE}")
    String appId;

    @Option(names = "--secret", defaultValue = "app-secret", description = "App secret, to sign API calls. Default: ${DEFAULT-VALUE}")
    String secret;

    @Option(names = "--rate", defaultValue = "10",
            description = "Events published per second (with --batch K, K events per call). Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--batch", defaultValue = "1", description = "Events per call; above 1, calls go to batch_events. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--payload", defaultValue = "100", description = "Bytes of each event's data. Default: ${DEFAULT-VALUE}")
    int payloadBytes;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds of publishing excluded from the figures. Default: ${DEFAULT-VALUE}")
    long warmupSeconds;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of measured publishing. Default: ${DEFAULT-VALUE}")
    long durationSeconds;

    @Option(names = "--drain", defaultValue = "10",
            description = "Seconds to wait, at most, for deliveries after the last publish. Default: ${DEFAULT-VALUE}")
    long drainSeconds;

    @Option(names = "--max-in-flight", defaultValue = "64",
            description = "API calls awaiting their response at once; a call due beyond this is skipped and counted. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--request-timeout", defaultValue = "10", description = "Seconds an API call may take. Default: ${DEFAULT-VALUE}")
    long requestTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || batch < 1 || payloadBytes < 0 || durationSeconds < 1 || warmupSeconds < 0) {
            throw new ParameterException(swarm.command.commandLine(),
                    "--rate must be positive, --batch at least 1, --duration at least 1 s, --payload and --warmup not negative");
        }
        int processes = swarm.processesFor(subscribers);
        long deadline = swarm.deadlineSeconds != null ? swarm.deadlineSeconds
                : swarm.setupSeconds(subscribers, connectRate) + warmupSeconds + durationSeconds + drainSeconds + requestTimeoutSeconds + 120;
        Map<String, Object> parameters = swarm.parameters();
        parameters.putAll(Map.of("subscribers", subscribers, "connectRate", connectRate, "apiUrl", apiUrl.toString(),
                "appId", appId, "rate", rate, "batch", batch, "payload", payloadBytes, "warmup", warmupSeconds,
                "duration", durationSeconds));
        RunSettings settings = new RunSettings(swarm.spec(subscribers, processes, connectRate, deadline), processes,
                swarm.workerJvmOptions, swarm.serverPid, parameters, Duration.ofSeconds(deadline));
        Publisher.Settings publishing = new Publisher.Settings(apiUrl, appId, swarm.key, secret, swarm.channels,
                swarm.channelPrefix, rate, batch, payloadBytes, maxInFlight, Duration.ofSeconds(requestTimeoutSeconds),
                apiFallbackUrls);
        var scenario = new FanoutScenario(settings, publishing, Duration.ofSeconds(warmupSeconds),
                Duration.ofSeconds(durationSeconds), Duration.ofSeconds(drainSeconds), new Progress(System.err));
        return ScenarioRunner.run(scenario, settings.deadline(), swarm.out);
    }
}
