package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    @Test
    void countsTheNumbersMissingBelowTheHighestSeen() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.receive(0);
        tracker.receive(1);
        SequenceTracker.Change change = tracker.receive(4);

        assertThat(change).isEqualTo(new SequenceTracker.Change(false, 0, 2));
        assertThat(tracker.gaps()).isEqualTo(2);
        assertThat(tracker.distinct()).isEqualTo(3);
    }

    @Test
    void aLateArrivalClosesItsGap() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.receive(0);
        tracker.receive(2);

        SequenceTracker.Change change = tracker.receive(1);

        assertThat(change).isEqualTo(new SequenceTracker.Change(false, 1, 0));
        assertThat(tracker.gaps()).isZero();
    }

    @Test
    void reportsADuplicateWithoutCountingItAgain() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.receive(5);
        tracker.receive(7);

        SequenceTracker.Change change = tracker.receive(5);

        assertThat(change.duplicate()).isTrue();
        assertThat(change.gapsAfter()).isEqualTo(change.gapsBefore()).isEqualTo(1);
        assertThat(tracker.distinct()).isEqualTo(2);
    }

    @Test
    void measuresGapsFromTheFirstNumberItSaw() {
        SequenceTracker tracker = new SequenceTracker();

        tracker.receive(40);
        tracker.receive(41);

        assertThat(tracker.gaps()).isZero();
        assertThat(tracker.highest()).isEqualTo(41);
    }
}
