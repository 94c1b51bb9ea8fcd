package io.herald.config;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.webhook.WebhookEventType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;

/** Checks the meaning of the webhook settings and of every app's endpoints. */
final class WebhooksValidator {

    private static final String STANDARD_SECRET_PREFIX = "whsec_";

    private WebhooksValidator() {}

    static void validate(WebhooksConfig webhooks, List<AppConfig> apps, Problems problems) {
        if (webhooks.dataDir().isBlank()) {
            problems.at("webhooks.data-dir", "required");
        }
        positive("webhooks.batch-max-events", webhooks.batchMaxEvents(), 1, problems);
        positive("webhooks.batch-max-wait", webhooks.batchMaxWait(), 0, problems);
        positive("webhooks.debounce", webhooks.debounce(), 0, problems);
        redisUrl("webhooks.redis.url", webhooks.redis().url(), webhooks.redis().mode(), problems);
        url("webhooks.nats.url", webhooks.nats().url(), List.of("nats", "tls"), problems);
        if (!webhooks.nats().stream().matches("[A-Za-z0-9_-]+")) {
            problems.at("webhooks.nats.stream", "letters, digits, '-' and '_' only (got '" + webhooks.nats().stream() + "')");
        }
        sender(webhooks.sender(), problems);
        eventTypes("webhooks.endpoint-defaults.event-types", webhooks.endpointDefaults().eventTypes(), problems);
        for (int i = 0; i < apps.size(); i++) {
            List<WebhookEndpoint> endpoints = apps.get(i).webhooks();
            for (int j = 0; j < endpoints.size(); j++) {
                endpoint("apps[" + i + "].webhooks[" + j + "]", endpoints.get(j), problems);
            }
        }
    }

    private static void sender(WebhooksConfig.Sender sender, Problems problems) {
        positive("webhooks.sender.concurrency", sender.concurrency(), 1, problems);
        positive("webhooks.sender.per-endpoint-concurrency", sender.perEndpointConcurrency(), 1, problems);
        positive("webhooks.sender.timeout", sender.timeout(), 100, problems);
        if (sender.retryDelays().isEmpty()) {
            problems.at("webhooks.sender.retry-delays", "at least one delay is needed");
        }
        for (int i = 0; i < sender.retryDelays().size(); i++) {
            positive("webhooks.sender.retry-delays[" + i + "]", sender.retryDelays().get(i), 0, problems);
        }
        if (sender.jitter() < 0 || sender.jitter() > 1) {
            problems.at("webhooks.sender.jitter", "must be between 0 and 1 (got " + sender.jitter() + ")");
        }
        positive("webhooks.sender.retry-window", sender.retryWindow(), 0, problems);
        positive("webhooks.sender.lease", sender.lease(), 1000, problems);
        if (sender.lease() <= sender.timeout()) {
            problems.at("webhooks.sender.lease", "must be longer than webhooks.sender.timeout (" + sender.timeout()
                    + "), or jobs would be taken over while still being sent");
        }
        positive("webhooks.sender.breaker-failures", sender.breakerFailures(), 1, problems);
        positive("webhooks.sender.breaker-probe-delay", sender.breakerProbeDelay(), 1, problems);
        if (sender.breakerProbeMaxDelay() < sender.breakerProbeDelay()) {
            problems.at("webhooks.sender.breaker-probe-max-delay", "must be at least webhooks.sender.breaker-probe-delay ("
                    + sender.breakerProbeDelay() + "), the pause before the first probe (got " + sender.breakerProbeMaxDelay() + ")");
        }
    }

    private static void endpoint(String path, WebhookEndpoint endpoint, Problems problems) {
        url(path + ".url", endpoint.url(), List.of("http", "https"), problems);
        eventTypes(path + ".event-types", endpoint.eventTypes(), problems);
        String secret = endpoint.standardWebhooksSecret();
        if (!secret.isEmpty()) {
            boolean valid = secret.startsWith(STANDARD_SECRET_PREFIX);
            if (valid) {
                try {
                    valid = Base64.getDecoder().decode(secret.substring(STANDARD_SECRET_PREFIX.length())).length >= 16;
                } catch (IllegalArgumentException e) {
                    valid = false;
                }
            }
            if (!valid) {
                problems.at(path + ".standard-webhooks-secret", "must be whsec_ followed by at least 16 bytes in base64");
            }
        }
    }

    private static void eventTypes(String path, List<String> types, Problems problems) {
        for (String type : types) {
            try {
                WebhookEventType.fromWireName(type);
            } catch (IllegalArgumentException e) {
                problems.at(path, "unknown event type '" + type + "'; expected channel_occupied, channel_vacated, "
                        + "member_added, member_removed, client_event, cache_miss, subscription_count, user_online or user_offline");
            }
        }
    }

    /** A Redis URL; in cluster mode a comma-separated list of them, the seed nodes. */
    static void redisUrl(String path, String value, RedisMode mode, Problems problems) {
        if (mode != RedisMode.CLUSTER) {
            url(path, value, List.of("redis", "rediss"), problems);
            return;
        }
        for (String seed : value.split(",", -1)) {
            url(path, seed.strip(), List.of("redis", "rediss"), problems);
        }
    }

    static void url(String path, String value, List<String> schemes, Problems problems) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
                    || uri.getHost() == null) {
                problems.at(path, "expected a " + String.join(" or ", schemes) + " URL with a host (got '" + value + "')");
            }
        } catch (URISyntaxException e) {
            problems.at(path, "not a valid URL: " + e.getMessage());
        }
    }

    private static void positive(String path, int value, int min, Problems problems) {
        if (value < min) {
            problems.at(path, "must be at least " + min + " (got " + value + ")");
        }
    }
}
