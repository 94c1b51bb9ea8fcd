package io.herald.bench.swarm;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * A share of the subscribers, in this process or in a forked worker process; scenarios drive
 * every share through the same three steps. Called from one controlling thread.
 */
public interface SwarmPart extends AutoCloseable {

    /** Starts opening connections; returns at once. */
    void start();

    /** The latest counts; for a forked process, as of its last status line (at most a second old). */
    SwarmStatus status();

    /**
     * The latencies recorded since the previous call; for a forked process, those its status lines
     * carried since then (at most half a second behind).
     */
    Histogram takeLatencyInterval();

    /**
     * Closes the connections and returns the final account, waiting at most {@code timeout}.
     *
     * @throws IllegalStateException if no report arrived in time
     */
    SwarmReport stop(Duration timeout);

    /** Releases everything, killing a worker process that is still running. */
    @Override
    void close();
}
