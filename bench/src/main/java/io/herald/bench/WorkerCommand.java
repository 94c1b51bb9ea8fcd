package io.herald.bench;

import io.herald.bench.swarm.Swarm;
import io.herald.bench.swarm.SwarmReport;
import io.herald.bench.swarm.SwarmSpec;
import io.herald.bench.swarm.WorkerLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hidden command a forked worker runs: one process's share of the subscribers, driven over
 * stdin and reporting {@link WorkerLine}s on stdout. It stops on "stop", on end of input (its
 * parent is gone) or at the spec's deadline, whichever comes first.
 */
@Command(name = "worker", hidden = true, description = "Runs one process's share of subscribers (used by the scenarios).")
final class WorkerCommand implements Callable<Integer> {

    private static final long STATUS_MILLIS = 500;

    @Option(names = "--spec", required = true, description = "The swarm to run, as JSON.")
    String specJson;

    @Override
    public Integer call() throws Exception {
        SwarmSpec spec = WorkerLine.parseSpec(specJson);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        Thread stdin = new Thread(() -> awaitStop(stop), "bench-worker-stdin");
        stdin.setDaemon(true);
        stdin.start();
        try (Swarm swarm = new Swarm(spec)) {
            swarm.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(spec.deadlineSeconds());
            while (!stop.await(STATUS_MILLIS, TimeUnit.MILLISECONDS) && System.nanoTime() < end) {
                out.println(new WorkerLine(swarm.status(), null, SwarmReport.encode(swarm.takeLatencyInterval())).toJson());
            }
            SwarmReport report = swarm.stop();
            out.println(new WorkerLine(null, report, null).toJson());
        }
        return 0;
    }

    private static void awaitStop(CountDownLatch stop) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals(WorkerLine.STOP)) {
                // Only "stop" means anything.
            }
        } catch (java.io.IOException e) {
            // Treated as end of input.
        }
        stop.countDown();
    }
}
