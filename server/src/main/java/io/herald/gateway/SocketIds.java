package io.herald.gateway;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * socket_ids of the form {@code <node>.<counter>} (matching {@code ^\d+\.\d+$}): a random number
 * drawn once per process start, so ids do not collide across the nodes of a cluster or restarts.
 */
final class SocketIds {

    private final long node;
    private final AtomicLong counter;

    SocketIds() {
        SecureRandom random = new SecureRandom();
        this.node = 1 + random.nextInt(999_999_999);
        this.counter = new AtomicLong(random.nextInt(1_000_000));
    }

    String next() {
        return node + "." + counter.incrementAndGet();
    }
}
