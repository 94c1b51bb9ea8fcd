package io.herald.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.cluster.ClusterState;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookEventType;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DebounceCheck} asking the cluster state (the node's own, or one a {@code herald sender}
 * opened): a channel is back when it has subscribers anywhere, a member when the presence channel
 * lists it, a user when it has a signed-in connection. Only a job never attempted, holding one end
 * event, qualifies: that is the shape of a debounced job, and only with a debounce
 * ({@code debounceMillis > 0}) are ends written alone. When the state does not answer within
 * {@value #ANSWER_MILLIS} ms, the job is sent.
 */
public final class ClusterDebounceCheck implements DebounceCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDebounceCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANSWER_MILLIS = 2_000;

    private final ClusterState state;
    private final boolean ownsState;

    /** @param ownsState whether {@link #close()} closes the state (a sender process's own) */
    public ClusterDebounceCheck(ClusterState state, boolean ownsState) {
        this.state = state;
        this.ownsState = ownsState;
    }

    @Override
    public boolean undone(LeasedJob leased) {
        if (leased.attempts() > 0) {
            return false;
        }
        JsonNode event = onlyEvent(leased.job().body());
        if (event == null) {
            return false;
        }
        String appId = leased.job().appId();
        String channel = event.path("channel").asText();
        String userId = event.path("user_id").asText();
        WebhookEventType type;
        try {
            type = WebhookEventType.fromWireName(event.path("name").asText());
        } catch (IllegalArgumentException notOurs) {
            return false;
        }
        return switch (type) {
            case CHANNEL_VACATED -> answer(state.channelCounts(appId, channel).thenApply(ClusterState.ChannelCounts::occupied));
            case MEMBER_REMOVED -> answer(state.presenceMembers(appId, channel).thenApply(members -> members.containsKey(userId)));
            case USER_OFFLINE -> answer(state.onlineUsers(appId, List.of(userId)).thenApply(online -> online.contains(userId)));
            default -> false;
        };
    }

    /** The body's event when it holds exactly one, or null. */
    private static JsonNode onlyEvent(String body) {
        try {
            JsonNode events = JSON.readTree(body).path("events");
            return events.size() == 1 ? events.get(0) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean answer(CompletionStage<Boolean> question) {
        try {
            return question.toCompletableFuture().get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.debug("Cluster state did not say whether a debounced webhook was undone; sending it", e);
            return false;
        }
    }

    @Override
    public void close() {
        if (ownsState) {
            state.close();
        }
    }
}
