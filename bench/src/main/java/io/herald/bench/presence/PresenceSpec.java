package io.herald.bench.presence;

import java.net.URI;
import java.util.List;

/**
 * The connections of a presence run: {@code observersPerChannel} observers on each of
 * {@code channels} presence channels {@code presence-PREFIX0} ..., and {@code members} member
 * connections, member {@code i} belonging to channel {@code i mod channels}.
 *
 * @param url the full WebSocket URL, {@code ws://host:port/app/KEY?protocol=7...}
 * @param channelPrefix channel names are this plus the index; it starts with {@code presence-}
 * @param ratePerSecond new connections per second while setting up
 * @param setupTimeoutMillis bound on connect, handshake and (for observers) subscription of one connection
 */
public record PresenceSpec(URI url, String key, String secret, int channels, String channelPrefix, int observersPerChannel,
        int members, double ratePerSecond, int maxPending, long setupTimeoutMillis, List<String> sourceAddresses, int threads) {

    public static final String PRESENCE_PREFIX = "presence-";

    public PresenceSpec {
        sourceAddresses = List.copyOf(sourceAddresses);
        if (channels < 1 || observersPerChannel < 1 || members < 1 || ratePerSecond <= 0 || maxPending < 1 || threads < 1) {
            throw new IllegalArgumentException("a presence run needs at least one channel, one observer per channel and one member,"
                    + " a positive connect rate, pending limit and thread count");
        }
        if (!channelPrefix.startsWith(PRESENCE_PREFIX)) {
            throw new IllegalArgumentException("presence channel names start with " + PRESENCE_PREFIX + ", not " + channelPrefix);
        }
    }

    public int observers() {
        return channels * observersPerChannel;
    }

    public int connections() {
        return observers() + members;
    }

    public int memberChannel(int member) {
        return member % channels;
    }

    public int observerChannel(int observer) {
        return observer % channels;
    }

    public String channelName(int index) {
        return channelPrefix + index;
    }

    /** The source address for the {@code i}-th connection opened, or null to let the kernel choose. */
    public String sourceAddress(int connection) {
        return sourceAddresses.isEmpty() ? null : sourceAddresses.get(connection % sourceAddresses.size());
    }

    /** Members of one channel at most: what the app's max-presence-members must allow, plus the observers. */
    public int usersPerChannel() {
        return (members + channels - 1) / channels + observersPerChannel;
    }
}
