package io.herald.cli;

import io.herald.config.HeraldConfig;
import io.herald.config.WebhooksConfig;
import io.herald.sender.WebhookEndpoints;
import io.herald.webhook.WebhookQueue;

/**
 * What the webhook commands take from a configuration: the node's durable queue, the sender's
 * settings and each app's endpoints. {@link #FROM_CONFIGURATION} is what {@code herald} runs
 * with; tests pass their own queue.
 */
interface WebhookSetup {

    /** Opens the queue the configuration names; the caller closes it. */
    WebhookQueue openQueue(HeraldConfig config);

    WebhooksConfig.Sender senderSettings(HeraldConfig config);

    WebhookEndpoints endpoints(HeraldConfig config);

    /**
     * The configuration does not carry the webhooks section yet (queue driver, sender settings,
     * per-app endpoints): until it does, the webhook commands say so and exit 1.
     */
    WebhookSetup FROM_CONFIGURATION = new WebhookSetup() {
        @Override
        public WebhookQueue openQueue(HeraldConfig config) {
            throw notConfigurable();
        }

        @Override
        public WebhooksConfig.Sender senderSettings(HeraldConfig config) {
            throw notConfigurable();
        }

        @Override
        public WebhookEndpoints endpoints(HeraldConfig config) {
            throw notConfigurable();
        }

        private IllegalStateException notConfigurable() {
            return new IllegalStateException("this build cannot read the webhooks section of the configuration yet");
        }
    };
}
