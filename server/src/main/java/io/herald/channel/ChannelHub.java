package io.herald.channel;

import io.herald.app.AppConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the HTTP API asks of the realtime side: publish to channels and users, and answer questions
 * about channels, for the whole cluster (a node that runs alone is a cluster of one).
 * Thread-safe; no method blocks on the network: answers that a cluster must ask its shared state
 * for complete later.
 */
public interface ChannelHub {

    /**
     * Delivers an event to every subscriber of {@code channel} (for {@code #server-to-user-{id}},
     * to every connection signed in as {@code id}) except the connection {@code excludeSocketId}
     * (may be null). Cache channels keep it as their last event.
     */
    void publish(AppConfig app, String channel, String event, String data, String excludeSocketId);

    /** Counts of one channel; all zero when nobody is subscribed. */
    CompletionStage<ChannelStats> stats(AppConfig app, String channel);

    /** Every channel with at least one subscriber whose name starts with {@code prefix} (may be empty). */
    CompletionStage<Map<String, ChannelStats>> occupiedChannels(AppConfig app, String prefix);

    /** Distinct user ids present in a presence channel. */
    CompletionStage<List<String>> presenceUserIds(AppConfig app, String channel);

    /** The last event kept by a cache channel, if any and not expired. */
    CompletionStage<Optional<CachedEvent>> cachedEvent(AppConfig app, String channel);

    /** Closes every connection signed in as {@code userId}, with the app's terminate close code. */
    void terminateUserConnections(AppConfig app, String userId);

    /** Subscriber connections and, for presence channels, distinct users. */
    record ChannelStats(int subscriptionCount, int userCount) {
        public boolean occupied() {
            return subscriptionCount > 0;
        }
    }

    /** A cache channel's last event and its remaining time to live. */
    record CachedEvent(String event, String data, long ttlSeconds) {}
}
