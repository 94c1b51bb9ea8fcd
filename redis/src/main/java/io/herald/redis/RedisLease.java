package io.herald.redis;

import io.herald.webhook.WebhookQueue.Lane;

/**
 * What {@link io.herald.webhook.LeasedJob#lease()} holds for the Redis driver: the lane's stream,
 * the entry and the consumer that read it, so any queue object can act on it.
 */
record RedisLease(Lane lane, String entryId, String consumer) {

    private static final char SEPARATOR = '/';

    static RedisLease parse(String lease) {
        int first = lease.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : lease.indexOf(SEPARATOR, first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("not a Redis webhook lease: " + lease);
        }
        return new RedisLease(Lane.valueOf(lease.substring(0, first)), lease.substring(first + 1, second), lease.substring(second + 1));
    }

    String format() {
        return lane.name() + SEPARATOR + entryId + SEPARATOR + consumer;
    }
}
