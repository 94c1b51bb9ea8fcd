package io.herald.bench.swarm;

import java.net.URI;
import java.util.List;

/**
 * What one process of subscribers does: open {@code connections} WebSocket connections to
 * {@code url}, connection {@code i} subscribing to {@code channelPrefix + (firstIndex + i) % channels}
 * from source address {@code sourceAddresses[(firstIndex + i) % size]}, at most
 * {@code ratePerSecond} new connections a second and {@code maxPending} unfinished at once.
 * Serialised to JSON when handed to a forked worker process.
 *
 * @param url the full WebSocket URL, {@code ws://host:port/app/KEY?protocol=7...}
 * @param setupTimeoutMillis bound on connect, handshake and subscription of one connection
 * @param threads client event loops in the process
 * @param deadlineSeconds the process gives up and reports after this long, whatever happens
 * @param reconnectUrls full WebSocket URLs of the nodes a subscriber told to reconnect (4200) goes to, the
 *     other one holding the fewest of the process's connections; empty to count such a close as a drop
 */
public record SwarmSpec(
        URI url,
        int connections,
        int firstIndex,
        int channels,
        String channelPrefix,
        double ratePerSecond,
        int maxPending,
        long setupTimeoutMillis,
        List<String> sourceAddresses,
        int threads,
        long deadlineSeconds,
        List<URI> reconnectUrls) {

    public SwarmSpec {
        sourceAddresses = List.copyOf(sourceAddresses);
        reconnectUrls = reconnectUrls == null ? List.of() : List.copyOf(reconnectUrls);
        if (connections < 0 || channels < 1 || ratePerSecond <= 0 || maxPending < 1 || threads < 1) {
            throw new IllegalArgumentException("invalid swarm: " + connections + " connections, " + channels
                    + " channels, rate " + ratePerSecond + ", " + maxPending + " pending, " + threads + " threads");
        }
    }

    public SwarmSpec(URI url, int connections, int firstIndex, int channels, String channelPrefix, double ratePerSecond,
            int maxPending, long setupTimeoutMillis, List<String> sourceAddresses, int threads, long deadlineSeconds) {
        this(url, connections, firstIndex, channels, channelPrefix, ratePerSecond, maxPending, setupTimeoutMillis,
                sourceAddresses, threads, deadlineSeconds, List.of());
    }

    public int channelIndex(int connection) {
        return (firstIndex + connection) % channels;
    }

    public String channelName(int index) {
        return channelPrefix + index;
    }

    /** The source address for connection {@code i}, or null to let the kernel choose. */
    public String sourceAddress(int connection) {
        return sourceAddresses.isEmpty() ? null : sourceAddresses.get((firstIndex + connection) % sourceAddresses.size());
    }

    /** This swarm's share when split over {@code parts} processes: part {@code part} of them. */
    public SwarmSpec part(int part, int parts) {
        int base = connections / parts;
        int extra = connections % parts;
        int size = base + (part < extra ? 1 : 0);
        int offset = part * base + Math.min(part, extra);
        return new SwarmSpec(url, size, firstIndex + offset, channels, channelPrefix, ratePerSecond / parts,
                Math.max(1, maxPending / parts), setupTimeoutMillis, sourceAddresses, threads, deadlineSeconds, reconnectUrls);
    }
}
