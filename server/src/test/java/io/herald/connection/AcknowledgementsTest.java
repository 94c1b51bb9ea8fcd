package io.herald.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Acknowledgements wait for the cluster's decisions, then for the webhook writes, and leave in order. */
class AcknowledgementsTest {

    private final List<String> sent = new ArrayList<>();
    private final Queue<CompletableFuture<Void>> writes = new ArrayDeque<>();
    private final Acknowledgements acknowledgements = new Acknowledgements(Runnable::run);

    private CompletionStage<Void> durable() {
        CompletableFuture<Void> write = new CompletableFuture<>();
        writes.add(write);
        return write;
    }

    private void send(String reply) {
        acknowledgements.send(this::durable, () -> sent.add(reply));
    }

    @Test
    void asksForTheWriteOnlyOnceThePendingDecisionIsMade() {
        CompletableFuture<Boolean> decision = new CompletableFuture<>();
        acknowledgements.awaitDecision(decision);
        send("subscription_succeeded");
        assertThat(writes).as("the decision's webhook is not emitted yet: no write to wait for").isEmpty();

        decision.complete(true);
        assertThat(writes).hasSize(1);
        assertThat(sent).isEmpty();

        writes.poll().complete(null);
        assertThat(sent).containsExactly("subscription_succeeded");
    }

    @Test
    void aLaterReplyWhoseWriteEndsFirstWaitsForTheEarlierOne() {
        CompletableFuture<Boolean> vacated = new CompletableFuture<>();
        acknowledgements.awaitDecision(vacated);
        send("pong after unsubscribe");
        CompletableFuture<Boolean> online = new CompletableFuture<>();
        acknowledgements.awaitDecision(online);
        send("signin_success");

        online.complete(true);
        vacated.complete(true);
        assertThat(writes).hasSize(2);
        CompletableFuture<Void> first = writes.poll();
        writes.poll().complete(null);
        assertThat(sent).isEmpty();

        first.complete(null);
        assertThat(sent).containsExactly("pong after unsubscribe", "signin_success");
    }

    @Test
    void aReplyWithNothingPendingAsksForTheWriteAtOnce() {
        acknowledgements.awaitDecision(CompletableFuture.completedFuture(true));
        send("pong");
        assertThat(writes).hasSize(1);
        writes.poll().complete(null);
        assertThat(sent).containsExactly("pong");
    }

    @Test
    void aFailedDecisionCountsAsMade() {
        CompletableFuture<Boolean> decision = new CompletableFuture<>();
        acknowledgements.awaitDecision(decision);
        send("subscription_succeeded");
        decision.completeExceptionally(new IllegalStateException("state unreachable"));
        writes.poll().complete(null);
        assertThat(sent).containsExactly("subscription_succeeded");
    }

    @Test
    void repliesWithoutDecisionsKeepTheirOrderWhenWritesEndOutOfOrder() {
        send("subscription_succeeded");
        send("pong");
        CompletableFuture<Void> first = writes.poll();
        writes.poll().complete(null);
        assertThat(sent).isEmpty();
        first.complete(null);
        assertThat(sent).containsExactly("subscription_succeeded", "pong");
    }
}
