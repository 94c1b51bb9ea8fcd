package io.herald.redis;

import io.herald.webhook.DeadJob;
import io.herald.webhook.WebhookJob;
import io.lettuce.core.StreamMessage;
import java.util.List;
import java.util.Map;

/** A job as the field/value pairs of a stream entry or hash: {@code id app url body created attempts}. */
final class RedisEntries {

    private RedisEntries() {}

    static List<String> fields(WebhookJob job, int attempts) {
        return List.of(
                "id", job.id(),
                "app", job.appId(),
                "url", job.endpointUrl(),
                "body", job.body(),
                "created", Long.toString(job.createdAtMillis()),
                "attempts", Integer.toString(attempts));
    }

    static WebhookJob job(Map<String, String> fields) {
        return new WebhookJob(fields.get("id"), fields.get("app"), fields.get("url"), fields.get("body"), Long.parseLong(fields.get("created")));
    }

    static String lastError(Map<String, String> fields) {
        return fields.get("error");
    }

    static int attempts(Map<String, String> fields) {
        return Integer.parseInt(fields.getOrDefault("attempts", "0"));
    }

    static DeadJob deadJob(StreamMessage<String, String> entry) {
        Map<String, String> fields = entry.getBody();
        return new DeadJob(job(fields), attempts(fields), fields.get("error"), Long.parseLong(fields.getOrDefault("dead_at", "0")));
    }
}
