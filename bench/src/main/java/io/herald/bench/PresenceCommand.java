package io.herald.bench;

import io.herald.bench.presence.PresenceSpec;
import io.herald.bench.report.Progress;
import io.herald.bench.scenario.PresenceScenario;
import io.herald.bench.scenario.RunSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "presence", mixinStandardHelpOptions = true,
        description = "Members joining and leaving presence channels at a fixed rate while observers watch: member_added and "
                + "member_removed propagation latency and loss.")
final class PresenceCommand implements Callable<Integer> {

    @Mixin
    SwarmOptions swarm;

    @Option(names = "--members", required = true, description = "Member connections; member i belongs to channel i mod C.")
    int members;

    @Option(names = "--observers", defaultValue = "2", description = "Observer connections per channel. Default: ${DEFAULT-VALUE}")
    int observersPerChannel;

    @Option(names = "--secret", defaultValue = "app-secret", description = "App secret, to sign presence subscriptions. Default: ${DEFAULT-VALUE}")
    String secret;

    @Option(names = "--connect-rate", defaultValue = "1000", description = "New connections per second. Default: ${DEFAULT-VALUE}")
    double connectRate;

    @Option(names = "--rate", defaultValue = "100",
            description = "Joins plus leaves per second; members act in turn, each joining when out and leaving when in. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of actions excluded from the figures. Default: ${DEFAULT-VALUE}")
    long warmupSeconds;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of measured actions. Default: ${DEFAULT-VALUE}")
    long durationSeconds;

    @Option(names = "--drain", defaultValue = "10",
            description = "Seconds to wait, at most, for member events after the last action. Default: ${DEFAULT-VALUE}")
    long drainSeconds;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || durationSeconds < 1 || warmupSeconds < 0 || members < 1 || observersPerChannel < 1) {
            throw new ParameterException(swarm.command.commandLine(),
                    "--rate must be positive, --members and --observers at least 1, --duration at least 1 s, --warmup not negative");
        }
        if (swarm.processes > 1) {
            throw new ParameterException(swarm.command.commandLine(),
                    "presence runs its connections in one process (the observers time the members' actions); leave out --processes");
        }
        int threads = swarm.clientThreads > 0 ? swarm.clientThreads : Runtime.getRuntime().availableProcessors();
        String prefix = swarm.channelPrefix.startsWith(PresenceSpec.PRESENCE_PREFIX) ? swarm.channelPrefix
                : PresenceSpec.PRESENCE_PREFIX + swarm.channelPrefix;
        PresenceSpec spec = new PresenceSpec(swarm.webSocketUrl(), swarm.key, secret, swarm.channels, prefix, observersPerChannel,
                members, connectRate, swarm.maxPending, swarm.setupTimeoutSeconds * 1000, swarm.sourceAddresses, threads);
        swarm.processesFor(spec.connections());
        long deadline = swarm.deadlineSeconds != null ? swarm.deadlineSeconds
                : swarm.setupSeconds(spec.connections(), connectRate) + warmupSeconds + durationSeconds + drainSeconds + 120;
        Map<String, Object> parameters = swarm.parameters();
        parameters.putAll(Map.of("members", members, "observersPerChannel", observersPerChannel, "channelPrefix", prefix,
                "connectRate", connectRate, "rate", rate, "warmup", warmupSeconds, "duration", durationSeconds,
                "usersPerChannel", spec.usersPerChannel()));
        RunSettings settings = new RunSettings(null, 1, List.of(), swarm.serverPid, parameters, Duration.ofSeconds(deadline));
        var scenario = new PresenceScenario(settings, spec, rate, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds),
                Duration.ofSeconds(drainSeconds), new Progress(System.err));
        return ScenarioRunner.run(scenario, settings.deadline(), swarm.out);
    }
}
