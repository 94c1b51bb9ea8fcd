/**
 * Many subscriber connections in one process ({@link io.herald.bench.swarm.Swarm}) and the
 * {@link io.herald.bench.swarm.SwarmPart} contract that lets a scenario drive them in this
 * process or in forked worker processes alike; workers talk {@link io.herald.bench.swarm.WorkerLine}
 * JSON lines. Start reading at {@link io.herald.bench.swarm.SwarmPart}. The webhooks scenario's
 * {@link io.herald.bench.swarm.ClientEventSource} is a small swarm of its own, in this process
 * only, whose connections send client events instead of counting deliveries.
 */
package io.herald.bench.swarm;
