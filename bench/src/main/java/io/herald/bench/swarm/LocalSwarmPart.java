package io.herald.bench.swarm;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/** Subscribers in this process: no fork, so the simplest and the default for small runs. */
public final class LocalSwarmPart implements SwarmPart {

    private final Swarm swarm;

    public LocalSwarmPart(SwarmSpec spec) {
        this.swarm = new Swarm(spec);
    }

    @Override
    public void start() {
        swarm.start();
    }

    @Override
    public SwarmStatus status() {
        return swarm.status();
    }

    @Override
    public Histogram takeLatencyInterval() {
        return swarm.takeLatencyInterval();
    }

    @Override
    public SwarmReport stop(Duration timeout) {
        return swarm.stop();
    }

    @Override
    public void close() {
        swarm.close();
    }
}
