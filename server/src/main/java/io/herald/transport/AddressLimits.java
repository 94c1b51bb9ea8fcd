package io.herald.transport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Limits per client address (a key from {@link ClientAddresses}): connections open at once, and
 * new connections per second as a token bucket holding up to one second's worth.
 *
 * <p>Memory stays bounded however many addresses an attacker has. Open counts exist only for
 * addresses with a connection open, so there are never more of them than connections. Rates live
 * in a fixed table of buckets chosen by a hash of the address keyed with a random number drawn at
 * start, so addresses cannot be picked to share a victim's bucket; two addresses that happen to
 * share one share its rate, which only matters when both connect fast.
 */
public final class AddressLimits {

    /** What a new connection from an address gets. */
    public enum Verdict { ADMITTED, TOO_MANY_CONNECTIONS, TOO_FAST }

    private static final int RATE_BUCKETS = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int maxConnections;
    private final int perSecond;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Integer> open = new ConcurrentHashMap<>();
    private final long hashKey = new SecureRandom().nextLong();
    private final double[] tokens;
    private final long[] refilledAt;

    /** @param maxConnections 0 for no limit; @param perSecond 0 for no limit */
    public AddressLimits(int maxConnections, int perSecond, LongSupplier nanoClock) {
        this.maxConnections = maxConnections;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.tokens = perSecond > 0 ? new double[RATE_BUCKETS] : null;
        this.refilledAt = perSecond > 0 ? new long[RATE_BUCKETS] : null;
        if (tokens != null) {
            java.util.Arrays.fill(tokens, perSecond);
            java.util.Arrays.fill(refilledAt, nanoClock.getAsLong());
        }
    }

    /**
     * Counts a new connection from {@code address}. Only when the answer is
     * {@link Verdict#ADMITTED} must the caller {@link #release} it once it closes. A null address
     * (no IP to count by) is always admitted and needs no release.
     */
    public Verdict acquire(String address) {
        if (address == null) {
            return Verdict.ADMITTED;
        }
        if (perSecond > 0 && !takeToken(address)) {
            return Verdict.TOO_FAST;
        }
        if (maxConnections <= 0) {
            return Verdict.ADMITTED;
        }
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxConnections) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0] ? Verdict.ADMITTED : Verdict.TOO_MANY_CONNECTIONS;
    }

    /** A connection {@link #acquire} admitted has closed. */
    public void release(String address) {
        if (address != null && maxConnections > 0) {
            open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Addresses with connections open (entries held in memory for the concurrency limit). */
    public int addressesWithConnections() {
        return open.size();
    }

    private boolean takeToken(String address) {
        int bucket = bucketOf(address);
        synchronized (refilledAt) {
            long now = nanoClock.getAsLong();
            double refill = (now - refilledAt[bucket]) * (double) perSecond / NANOS_PER_SECOND;
            refilledAt[bucket] = now;
            double available = Math.min(perSecond, tokens[bucket] + Math.max(0, refill));
            if (available < 1) {
                tokens[bucket] = available;
                return false;
            }
            tokens[bucket] = available - 1;
            return true;
        }
    }

    /** FNV-1a over the key's bytes, seeded and finished with a 64-bit mix. */
    private int bucketOf(String address) {
        long hash = 0xcbf29ce484222325L ^ hashKey;
        for (byte b : address.getBytes(StandardCharsets.US_ASCII)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (int) (hash & (RATE_BUCKETS - 1));
    }
}
