package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cluster.ClusterState;
import io.herald.cluster.InMemoryClusterStore;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookJob;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A debounced end is undone when the cluster state has its channel, member or user back; only then. */
class ClusterDebounceCheckTest {

    private final ClusterState state = new InMemoryClusterStore().node("node-a", Duration.ofSeconds(30));
    private final ClusterDebounceCheck check = new ClusterDebounceCheck(state, true);

    private static LeasedJob job(int attempts, String... events) {
        String body = "{\"time_ms\":1,\"events\":[" + String.join(",", events) + "]}";
        return new LeasedJob(new WebhookJob("id", "app", "http://127.0.0.1:9/hook", body, 1), attempts, "lease");
    }

    @Test
    void aVacatedChannelThatHasSubscribersAgainIsUndone() {
        state.subscribed("app", "news").toCompletableFuture().join();
        assertThat(check.undone(job(0, "{\"name\":\"channel_vacated\",\"channel\":\"news\"}"))).isTrue();
        assertThat(check.undone(job(0, "{\"name\":\"channel_vacated\",\"channel\":\"sports\"}"))).isFalse();
    }

    @Test
    void aRemovedMemberBackOnItsChannelIsUndone() {
        state.subscribed("app", "presence-room").toCompletableFuture().join();
        state.joinPresence("app", "presence-room", "7", "null", 100).toCompletableFuture().join();
        assertThat(check.undone(job(0, "{\"name\":\"member_removed\",\"channel\":\"presence-room\",\"user_id\":\"7\"}"))).isTrue();
        assertThat(check.undone(job(0, "{\"name\":\"member_removed\",\"channel\":\"presence-room\",\"user_id\":\"8\"}"))).isFalse();
    }

    @Test
    void anOfflineUserSignedInAgainIsUndone() {
        state.userSignedIn("app", "42").toCompletableFuture().join();
        assertThat(check.undone(job(0, "{\"name\":\"user_offline\",\"user_id\":\"42\"}"))).isTrue();
        assertThat(check.undone(job(0, "{\"name\":\"user_offline\",\"user_id\":\"43\"}"))).isFalse();
    }

    @Test
    void onlyAJobNeverAttemptedHoldingOneEndQualifies() {
        state.subscribed("app", "news").toCompletableFuture().join();
        String vacated = "{\"name\":\"channel_vacated\",\"channel\":\"news\"}";
        assertThat(check.undone(job(1, vacated))).as("a retry: the receiver may have it").isFalse();
        assertThat(check.undone(job(0, vacated, vacated))).as("a batch").isFalse();
        assertThat(check.undone(job(0, "{\"name\":\"channel_occupied\",\"channel\":\"news\"}"))).isFalse();
        assertThat(check.undone(job(0, "{\"name\":\"something_else\"}"))).isFalse();
    }
}
