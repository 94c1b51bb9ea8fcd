package io.herald.nats;

import static io.herald.webhook.WebhookQueue.Lane.FIRST;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.WebhooksConfig;
import io.herald.testkit.base.NatsServer;
import io.herald.testkit.base.NetworkedWebhookQueueContract;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.ServerProcess;
import io.herald.webhook.WebhookQueue;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NatsWebhookQueueIT extends NetworkedWebhookQueueContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger STREAMS = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<NatsServer> NATS = new ServerPerClass<>(NatsServer::start);

    private String stream;

    @Override
    protected WebhookQueue newQueue() {
        stream = "T" + STREAMS.incrementAndGet();
        return reopen();
    }

    @Override
    protected WebhookQueue reopen() {
        return new NatsWebhookQueue(new WebhooksConfig.NatsQueue(NATS.get().url(), stream), TIMEOUT, System::currentTimeMillis);
    }

    /** JetStream cannot find a stored message by a key of ours. */
    @Override
    protected boolean cancelsJobsNotYetDue() {
        return false;
    }

    /** JetStream takes an ack by stream sequence, whichever delivery it came from. */
    @Override
    protected boolean refusesTakenOverLeases() {
        return false;
    }

    @Test
    void createsAFileBackedWorkQueueStreamAndADeadLetterStream() throws Exception {
        try (Connection admin = Nats.connect(NATS.get().url())) {
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

        try (Connection admin = Nats.connect(NATS.get().url())) {
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
        return NATS.get();
    }

    @Override
    protected void wipeStore() {
        try (Connection admin = Nats.connect(NATS.get().url())) {
            admin.jetStreamManagement().deleteStream(stream);
            admin.jetStreamManagement().deleteStream(stream + "_DEAD");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
