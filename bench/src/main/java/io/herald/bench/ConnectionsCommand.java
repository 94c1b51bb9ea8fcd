package io.herald.bench;

import io.herald.bench.report.Progress;
import io.herald.bench.scenario.ConnectionsScenario;
import io.herald.bench.scenario.RunSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Open N idle connections, each subscribed to one of C public channels, and hold them; "
                + "with --server-pid, report the server's heap and RSS per connection.")
final class ConnectionsCommand implements Callable<Integer> {

    @Mixin
    SwarmOptions swarm;

    @Option(names = "--connections", required = true, description = "Connections to open.")
    int connections;

    @Option(names = {"--rate", "--connect-rate"}, defaultValue = "1000", description = "New connections per second. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--hold", defaultValue = "10", description = "Seconds to hold the connections once open. Default: ${DEFAULT-VALUE}")
    long holdSeconds;

    @Override
    public Integer call() throws Exception {
        int processes = swarm.processesFor(connections);
        long deadline = swarm.deadlineSeconds != null ? swarm.deadlineSeconds
                : swarm.setupSeconds(connections, rate) + holdSeconds + 120;
        Map<String, Object> parameters = swarm.parameters();
        parameters.put("connections", connections);
        parameters.put("rate", rate);
        parameters.put("hold", holdSeconds);
        RunSettings settings = new RunSettings(swarm.spec(connections, processes, rate, deadline), processes, swarm.workerJvmOptions,
                swarm.serverPid, parameters, Duration.ofSeconds(deadline));
        var scenario = new ConnectionsScenario(settings, Duration.ofSeconds(holdSeconds), new Progress(System.err));
        return ScenarioRunner.run(scenario, settings.deadline(), swarm.out);
    }
}
