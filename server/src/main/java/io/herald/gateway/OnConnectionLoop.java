package io.herald.gateway;

import io.herald.connection.Connection;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Continues on a connection's event loop once a cluster state answer arrives. An answer that is
 * already there when asked on that loop (the in-memory state of a node that runs alone) continues
 * at once, so the reply leaves in the same turn as the request that caused it.
 */
final class OnConnectionLoop {

    private OnConnectionLoop() {}

    static <T> void whenComplete(Connection connection, CompletionStage<T> answer, BiConsumer<? super T, ? super Throwable> then) {
        answer.whenComplete((value, error) -> {
            if (connection.channel().eventLoop().inEventLoop()) {
                then.accept(value, error);
            } else {
                connection.channel().eventLoop().execute(() -> then.accept(value, error));
            }
        });
    }
}
