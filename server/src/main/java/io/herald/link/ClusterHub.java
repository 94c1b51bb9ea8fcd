package io.herald.link;

import io.herald.api.ClusterUnavailableException;
import io.herald.app.AppConfig;
import io.herald.channel.ChannelHub;
import io.herald.cluster.ClusterState;
import io.herald.cluster.StateRecoveringException;
import io.herald.concurrent.Futures;
import io.herald.metrics.HeraldMetrics;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import io.herald.protocol.PusherMessages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API's view of the cluster (of one node, when it runs alone): publishing reaches every
 * node, and questions are answered from the shared state, for the whole cluster. An answer the
 * state cannot give within a few seconds fails with {@link ClusterUnavailableException} (503)
 * rather than a partial one.
 */
public final class ClusterHub implements ChannelHub {

    private static final long ANSWER_TIMEOUT_MILLIS = 3_000;

    private final ClusterState state;
    private final BusRelay relay;
    private final NodeLease lease;
    private final HeraldMetrics metrics;

    public ClusterHub(ClusterState state, BusRelay relay, NodeLease lease, HeraldMetrics metrics) {
        this.state = state;
        this.relay = relay;
        this.lease = lease;
        this.metrics = metrics;
    }

    @Override
    public void publish(AppConfig app, String channel, String event, String data, String excludeSocketId) {
        metrics.eventPublished(app.id(), "api");
        String json = PusherMessages.channelEvent(event, channel, data, null);
        if (ChannelName.kind(channel) == ChannelKind.USER) {
            relay.toUser(app.id(), ChannelName.userOf(channel), json, excludeSocketId);
            return;
        }
        if (ChannelName.isCache(channel)) {
            state.putCachedEvent(app.id(), channel, event, data, app.cacheTtl()).whenComplete((done, error) -> lease.failed(error));
        }
        relay.toChannel(app.id(), channel, json, excludeSocketId);
    }

    @Override
    public CompletionStage<ChannelStats> stats(AppConfig app, String channel) {
        return bounded(state.channelCounts(app.id(), channel)).thenApply(ClusterHub::stats);
    }

    @Override
    public CompletionStage<Map<String, ChannelStats>> occupiedChannels(AppConfig app, String prefix) {
        return bounded(state.occupiedChannels(app.id(), prefix)).thenApply(found -> {
            Map<String, ChannelStats> occupied = new TreeMap<>();
            found.forEach((name, counts) -> occupied.put(name, stats(counts)));
            return occupied;
        });
    }

    @Override
    public CompletionStage<List<String>> presenceUserIds(AppConfig app, String channel) {
        return bounded(state.presenceMembers(app.id(), channel)).thenApply(members -> List.copyOf(members.keySet()));
    }

    @Override
    public CompletionStage<Optional<CachedEvent>> cachedEvent(AppConfig app, String channel) {
        return bounded(state.cachedEvent(app.id(), channel))
                .thenApply(found -> found.map(e -> new CachedEvent(e.event(), e.data(), e.ttlSeconds())));
    }

    @Override
    public void terminateUserConnections(AppConfig app, String userId) {
        relay.terminateUser(app, userId);
    }

    private static ChannelStats stats(ClusterState.ChannelCounts counts) {
        return new ChannelStats((int) Math.min(Integer.MAX_VALUE, counts.subscriptionCount()),
                (int) Math.min(Integer.MAX_VALUE, counts.userCount()));
    }

    private <T> CompletableFuture<T> bounded(CompletionStage<T> answer) {
        return answer.toCompletableFuture().orTimeout(ANSWER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .exceptionally(error -> {
                    if (Futures.unwrap(error) instanceof StateRecoveringException recovering) {
                        throw new CompletionException(new ClusterUnavailableException(
                                "The cluster state is recovering from a loss of its data; retry shortly", error,
                                (int) Math.ceil(recovering.retryAfterMillis() / 1000.0)));
                    }
                    throw new CompletionException(new ClusterUnavailableException(
                            "The cluster state did not answer; retry shortly", error, 1));
                });
    }
}
