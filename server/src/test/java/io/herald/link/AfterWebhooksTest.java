package io.herald.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.outbox.WebhookEmitter;
import io.herald.webhook.WebhookEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Clients hear of a transition only once the webhooks announced before it are durable, in order. */
class AfterWebhooksTest {

    private final AppConfig app = app("{id: app-id, key: app-key, secret: app-secret, webhooks: [{url: 'http://127.0.0.1:9/hook', event-types: [member_added]}]}");
    private final AppConfig appWithoutEndpoints = app("{id: other-id, key: other-key, secret: other-secret}");
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final Queue<CompletableFuture<Void>> writes = new ArrayDeque<>();

    /** An emitter whose writes the test completes by hand, in order. */
    private final WebhookEmitter webhooks = new WebhookEmitter() {
        @Override
        public void emit(AppConfig app, WebhookEvent event) { }

        @Override
        public CompletionStage<Void> durable() {
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write);
            return write;
        }
    };

    private final AfterWebhooks afterWebhooks = new AfterWebhooks(webhooks,
            (app, transition, except) -> told.add(((Transition.MemberAdded) transition).userId()));

    @Test
    void tellsTheListenerOnlyOnceTheWebhooksAreDurableAndInOrder() {
        afterWebhooks.announced(app, new Transition.MemberAdded("app-id", "presence-room", "ann", "null", 1), null);
        afterWebhooks.announced(app, new Transition.MemberAdded("app-id", "presence-room", "bob", "null", 2), null);
        assertThat(told).isEmpty();

        writes.remove().complete(null);
        assertThat(told).containsExactly("ann");
        writes.remove().complete(null);
        assertThat(told).containsExactly("ann", "bob");
    }

    @Test
    void anAppWithoutEndpointsDoesNotWaitForOtherAppsWrites() {
        afterWebhooks.announced(app, new Transition.MemberAdded("app-id", "presence-room", "ann", "null", 1), null);
        afterWebhooks.announced(appWithoutEndpoints, new Transition.MemberAdded("other-id", "presence-room", "bob", "null", 1), null);
        assertThat(told).containsExactly("bob");

        writes.remove().complete(null);
        assertThat(told).containsExactly("bob", "ann");
    }

    private static AppConfig app(String yaml) {
        return new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of("apps=[" + yaml + "]"))).apps().get(0);
    }

    @Test
    void withoutWebhooksTheListenerIsToldAtOnce() {
        AfterWebhooks none = new AfterWebhooks(WebhookEmitter.NONE,
                (app, transition, except) -> told.add(((Transition.MemberAdded) transition).userId()));
        none.announced(app, new Transition.MemberAdded("app-id", "presence-room", "ann", "null", 1), null);
        assertThat(told).containsExactly("ann");
    }
}
