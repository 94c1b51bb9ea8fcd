package io.herald.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();

    private ShutdownStep record(String name) {
        return deadline -> ran.add(name);
    }

    @Test
    void runsStagesInTheirOrderAndStepsOfAStageInTheOrderAdded() {
        ShutdownSequence sequence = new ShutdownSequence()
                .add(ShutdownStage.CLOSE_QUEUE, "queue", record("queue"))
                .add(ShutdownStage.RELEASE_CLUSTER_STATE, "cluster", record("cluster"))
                .add(ShutdownStage.STOP_ACCEPTING, "readiness", record("readiness"))
                .add(ShutdownStage.FLUSH_OUTBOX, "outbox", record("outbox"))
                .add(ShutdownStage.DRAIN_CLIENTS, "clients", record("clients"))
                .add(ShutdownStage.STOP_SENDER, "sender", record("sender"))
                .add(ShutdownStage.STOP_ACCEPTING, "second readiness step", record("readiness 2"));

        assertThat(sequence.run(deadline(Duration.ofSeconds(5)))).isTrue();

        assertThat(ran).containsExactly("readiness", "readiness 2", "clients", "cluster", "outbox", "sender", "queue");
    }

    @Test
    void aFailingStepIsReportedAndTheLaterStepsStillRun() {
        ShutdownSequence sequence = new ShutdownSequence()
                .add(ShutdownStage.FLUSH_OUTBOX, "outbox", deadline -> {
                    throw new IllegalStateException("queue refused");
                })
                .add(ShutdownStage.CLOSE_QUEUE, "queue", record("queue"));

        assertThat(sequence.run(deadline(Duration.ofSeconds(5)))).isFalse();
        assertThat(ran).containsExactly("queue");
    }

    @Test
    void anInterruptedStepDoesNotCutTheLaterOnesShort() {
        ShutdownSequence sequence = new ShutdownSequence()
                .add(ShutdownStage.DRAIN_CLIENTS, "clients", deadline -> {
                    throw new InterruptedException();
                })
                .add(ShutdownStage.CLOSE_QUEUE, "queue", deadline -> {
                    deadline.sleepUnlessHurried(Duration.ofMillis(1));
                    ran.add("queue");
                });

        assertThat(sequence.run(deadline(Duration.ofSeconds(5)))).isFalse();
        assertThat(ran).containsExactly("queue");
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void hurryingEndsEveryWaitAtOnce() throws Exception {
        CountDownLatch hurry = new CountDownLatch(1);
        ShutdownDeadline deadline = new ShutdownDeadline(Duration.ofMinutes(1), hurry);
        assertThat(deadline.isHurried()).isFalse();
        assertThat(deadline.remaining()).isGreaterThan(Duration.ofSeconds(50));

        hurry.countDown();
        long started = System.nanoTime();
        assertThat(deadline.sleepUnlessHurried(Duration.ofMinutes(1))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    private static ShutdownDeadline deadline(Duration window) {
        return new ShutdownDeadline(window, new CountDownLatch(1));
    }
}
