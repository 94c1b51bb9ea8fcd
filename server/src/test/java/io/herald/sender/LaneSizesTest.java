package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaneSizesTest {

    @Test
    void givesThreeQuartersOfTheWorkersToFirstAttempts() {
        assertThat(WebhookSender.firstLaneWorkers(64)).isEqualTo(48);
        assertThat(WebhookSender.retryLaneWorkers(64)).isEqualTo(16);
        assertThat(WebhookSender.firstLaneWorkers(10)).isEqualTo(7);
        assertThat(WebhookSender.retryLaneWorkers(10)).isEqualTo(3);
    }

    @Test
    void eachLaneHasAtLeastOneWorker() {
        assertThat(WebhookSender.firstLaneWorkers(1)).isEqualTo(1);
        assertThat(WebhookSender.retryLaneWorkers(1)).isEqualTo(1);
        assertThat(WebhookSender.firstLaneWorkers(2)).isEqualTo(1);
        assertThat(WebhookSender.retryLaneWorkers(2)).isEqualTo(1);
        assertThat(WebhookSender.firstLaneWorkers(0)).isEqualTo(1);
        assertThat(WebhookSender.retryLaneWorkers(0)).isEqualTo(1);
    }
}
