package io.herald.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.webhook.WebhookEvent;
import io.herald.webhook.WebhookJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One write of the outbox: batches, debounced jobs, returns that cancel, without a queue. */
class CommitGroupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AppConfig APP = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
            List.of("apps=[{id: a1, key: k1, secret: s1, webhooks: [{url: 'http://127.0.0.1:9/hook'}]}]"))).apps().get(0);

    private static CommitGroup.Emitted at(long millis, WebhookEvent event) {
        return new CommitGroup.Emitted(APP, event, millis);
    }

    private static List<String> names(List<WebhookJob> jobs) throws Exception {
        List<String> names = new ArrayList<>();
        for (WebhookJob job : jobs) {
            for (JsonNode event : JSON.readTree(job.body()).get("events")) {
                names.add(event.get("name").asText() + ":" + event.get("channel").asText());
            }
        }
        return names;
    }

    @Test
    void batchesUpToTheMaximumWithTheTimeOfTheFirstEvent() throws Exception {
        CommitGroup group = new CommitGroup(20, 0);
        for (int i = 0; i < 45; i++) {
            group.add(at(1_000 + i, WebhookEvent.channelOccupied("c" + i)));
        }
        List<WebhookJob> jobs = group.jobs(Set.of());
        assertThat(jobs).extracting(job -> JSON.readTree(job.body()).get("events").size()).containsExactly(20, 20, 5);
        assertThat(JSON.readTree(jobs.get(1).body()).get("time_ms").asLong()).isEqualTo(1_020);
        assertThat(jobs).allSatisfy(job -> assertThat(job.dueAtMillis()).isZero());
    }

    @Test
    void manyCacheMissesOfOneChannelBecomeOne() throws Exception {
        CommitGroup group = new CommitGroup(20, 0);
        for (int i = 0; i < 5; i++) {
            group.add(at(1_000, WebhookEvent.cacheMiss("cache-x")));
        }
        group.add(at(1_000, WebhookEvent.cacheMiss("cache-y")));
        assertThat(names(group.jobs(Set.of()))).containsExactly("cache_miss:cache-x", "cache_miss:cache-y");
    }

    @Test
    void aVacatedChannelIsAJobOfItsOwnDueAfterTheDebounceWithTheTimeItWent() throws Exception {
        CommitGroup group = new CommitGroup(20, 3_000);
        group.add(at(1_000, WebhookEvent.channelOccupied("a")));
        group.add(at(1_001, WebhookEvent.channelVacated("b")));
        List<WebhookJob> jobs = group.jobs(Set.of());
        WebhookJob vacated = jobs.stream().filter(job -> job.body().contains("channel_vacated")).findFirst().orElseThrow();
        assertThat(jobs).hasSize(2);
        assertThat(vacated.dueAtMillis()).isEqualTo(4_001);
        assertThat(vacated.cancelKey()).isNotNull();
        assertThat(JSON.readTree(vacated.body()).get("time_ms").asLong()).isEqualTo(1_001);
    }

    @Test
    void aChannelThatComesBackInTheSameWriteSendsNeither() throws Exception {
        CommitGroup group = new CommitGroup(20, 3_000);
        group.add(at(1_000, WebhookEvent.channelVacated("room")));
        group.add(at(1_001, WebhookEvent.memberRemoved("presence-room", "1")));
        group.add(at(1_002, WebhookEvent.channelOccupied("room")));
        group.add(at(1_003, WebhookEvent.memberAdded("presence-room", "1")));
        group.add(at(1_004, WebhookEvent.channelOccupied("other")));
        assertThat(group.cancelKeys()).hasSize(1);
        assertThat(names(group.jobs(Set.of()))).containsExactly("channel_occupied:other");
        assertThat(group.suppressed(Set.of())).containsEntry("a1", 4);
    }

    @Test
    void aReturnWhoseQueuedJobWasCancelledIsDropped() throws Exception {
        CommitGroup group = new CommitGroup(20, 3_000);
        group.add(at(1_000, WebhookEvent.channelOccupied("room")));
        group.add(at(1_000, WebhookEvent.channelOccupied("other")));
        Set<String> keys = group.cancelKeys();
        String room = keys.stream().filter(key -> key.endsWith("room")).findFirst().orElseThrow();
        assertThat(names(group.jobs(Set.of(room)))).containsExactly("channel_occupied:other");
        assertThat(group.suppressed(Set.of(room))).containsEntry("a1", 2);
    }

    @Test
    void withoutADebounceNothingIsDelayedOrCancelled() throws Exception {
        CommitGroup group = new CommitGroup(1, 0);
        group.add(at(1_000, WebhookEvent.channelVacated("room")));
        group.add(at(1_001, WebhookEvent.channelOccupied("room")));
        assertThat(group.cancelKeys()).isEmpty();
        List<WebhookJob> jobs = group.jobs(Set.of());
        assertThat(names(jobs)).containsExactly("channel_vacated:room", "channel_occupied:room");
        assertThat(jobs).allSatisfy(job -> assertThat(job.cancelKey()).isNull());
    }
}
