package io.herald.bench.scenario;

import io.herald.bench.swarm.SwarmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every scenario with subscribers is given.
 *
 * @param processes 1 for subscribers in this process, more for that many forked workers
 * @param serverPid the server process to measure, or null
 * @param parameters the options as given, echoed in the result
 * @param deadline the whole run ends within this, whatever happens
 */
public record RunSettings(SwarmSpec swarm, int processes, List<String> workerJvmOptions, Long serverPid,
        Map<String, Object> parameters, Duration deadline) {

    public RunSettings {
        workerJvmOptions = List.copyOf(workerJvmOptions);
    }
}
