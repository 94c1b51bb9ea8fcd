package io.herald.bench;

import io.herald.bench.report.BenchResult;
import io.herald.bench.report.ResultOutput;
import io.herald.bench.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a scenario to its result. A watchdog ends the process if the scenario overruns its
 * deadline by more than a minute, so a wedged run can never hang a script that started it.
 */
final class ScenarioRunner {

    private static final Duration GRACE = Duration.ofMinutes(1);

    private ScenarioRunner() {}

    static int run(Scenario scenario, Duration deadline, Path out) throws InterruptedException, IOException {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadline.plus(GRACE).toMillis());
                System.err.println("herald-bench: " + scenario.name() + " overran its deadline of " + deadline.toSeconds() + " s; exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // The scenario finished in time.
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            BenchResult result = scenario.run();
            ResultOutput.write(result, System.out, out);
            return 0;
        } finally {
            watchdog.interrupt();
        }
    }
}
