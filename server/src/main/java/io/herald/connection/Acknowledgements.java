package io.herald.connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The order and the waits of one connection's acknowledgements (subscription_succeeded, pong,
 * signin_success, a relayed client event) for apps with webhook endpoints. An acknowledgement
 * leaves once the webhooks it stands for are durable; in a cluster some of them are decided by
 * the shared state after the node took the request (a channel occupied by a subscribe, vacated by
 * an unsubscribe, a user online by a signin), so it first waits for those decisions, whose
 * webhook events are emitted before they complete. Acknowledgements leave in the order they were
 * asked for, whatever order their waits end in. Touched only on the connection's loop; the
 * futures complete on the cluster state's or the webhook writer's threads.
 */
public final class Acknowledgements {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Executor loop;
    private CompletableFuture<Void> decisions = DONE;
    private CompletableFuture<Void> lastSent = DONE;

    Acknowledgements(Executor loop) {
        this.loop = loop;
    }

    /**
     * A decision of the cluster state whose webhook the next acknowledgements must wait for; one
     * that failed counts as made (nothing was decided, so there is nothing to write).
     */
    public void awaitDecision(CompletionStage<?> decision) {
        CompletableFuture<Void> made = decision.toCompletableFuture().handle((result, error) -> null);
        if (made.isDone()) {
            return;
        }
        decisions = decisions.isDone() ? made : CompletableFuture.allOf(decisions, made);
    }

    /**
     * Sends {@code reply} on the connection's loop once the decisions pending now are made, the
     * webhooks emitted until then are durable ({@code durable}, asked at once when no decision is
     * pending), and every acknowledgement asked for before this one has been sent.
     */
    public void send(Supplier<CompletionStage<Void>> durable, Runnable reply) {
        CompletableFuture<Void> written = decisions.isDone()
                ? durable.get().toCompletableFuture()
                : decisions.thenCompose(made -> durable.get());
        lastSent = CompletableFuture.allOf(lastSent, written).thenRun(() -> loop.execute(reply));
    }
}
