package io.herald.nats;

import static io.herald.webhook.WebhookQueue.Lane.FIRST;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.WebhooksConfig;
import io.herald.testkit.NatsServer;
import io.herald.testkit.NetworkedWebhookQueueContract;
import io.herald.testkit.ServerProcess;
import io.herald.webhook.WebhookQueue;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NatsWebhookQueueIT extends NetworkedWebhookQueueContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger STREAMS = new AtomicInteger();
    private static NatsServer nats;

    private String stream;

    @BeforeAll
    static void startNats() {
        nats = NatsServer.start();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @Override
    protected WebhookQueue newQueue() {
        stream = "T" + STREAMS.incrementAndGet();
        return reopen();
    }

    @Override
    protected WebhookQueue reopen() {
        return new NatsWebhookQueue(new WebhooksConfig.NatsQueue(nats.url(), stream), TIMEOUT, System::currentTimeMillis);
    }

    /** JetStream takes an ack by stream sequence, whichever delivery it came from. */
    @Override
    protected boolean refusesTakenOverLeases() {
        return false;
    }

    @Test
    void createsAFileBackedWorkQueueStreamAndADeadLetterStream() throws Exception {
        try (Connection admin = Nats.connect(nats.url())) {
            StreamInfo work = admin.jetStreamManagement().getStreamInfo(stream);
            assertThat(work.getConfiguration().getRetentionPolicy()).isEqualTo(RetentionPolicy.WorkQueue);
            assertThat(work.getConfiguration().getStorageType()).isEqualTo(StorageType.File);
            assertThat(work.getConfiguration().getSubjects()).containsExactlyInAnyOrder(stream + ".first", stream + ".retry", stream + ".delayed");
            assertThat(admin.jetStreamManagement().getStreamInfo(stream + "_DEAD").getConfiguration().getStorageType()).isEqualTo(StorageType.File);
        }
    }

    @Test
    void theLeaseBecomesTheConsumersAckWait() throws Exception {
        queue.lease(FIRST, 1, Duration.ofMillis(1500));

        try (Connection admin = Nats.connect(nats.url())) {
            assertThat(admin.jetStreamManagement().getConsumerInfo(stream, "first").getConsumerConfiguration().getAckWait())
                    .isEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void survivesANatsRestart() {
        survivesARestartWithItsData();
    }

    @Test
    void recreatesItsStreamsAfterARestartWithoutItsStore() {
        survivesARestartWithoutItsData();
    }

    @Test
    void recreatesItsStreamsAfterTheyWereDeleted() {
        survivesItsStoreBeingWiped();
    }

    @Override
    protected ServerProcess server() {
        return nats;
    }

    @Override
    protected void wipeStore() {
        try (Connection admin = Nats.connect(nats.url())) {
            admin.jetStreamManagement().deleteStream(stream);
            admin.jetStreamManagement().deleteStream(stream + "_DEAD");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
