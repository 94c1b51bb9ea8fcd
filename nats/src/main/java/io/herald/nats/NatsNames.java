package io.herald.nats;

import io.herald.webhook.WebhookQueue.Lane;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Stream, subject and consumer names of {@link NatsWebhookQueue} for a configured stream S:
 * stream S holds subjects {@code S.first}, {@code S.retry} and {@code S.delayed}, each read by the
 * durable consumer of the same name; stream {@code S_DEAD} holds dead letters under
 * {@code S_DEAD.<job id in base64url>}, so one job's dead letter is found by subject.
 */
record NatsNames(String stream) {

    static final String DEFAULT_STREAM = "HERALD_WEBHOOKS";
    static final String DELAYED = "delayed";

    static NatsNames of(String stream) {
        return new NatsNames(stream == null || stream.isBlank() ? DEFAULT_STREAM : stream);
    }

    static String consumer(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }

    String subject(Lane lane) {
        return stream + "." + consumer(lane);
    }

    String delayedSubject() {
        return stream + "." + DELAYED;
    }

    String deadStream() {
        return stream + "_DEAD";
    }

    String deadSubjects() {
        return deadStream() + ".*";
    }

    /** A subject token may not hold dots, spaces or wildcards; base64url has none (the {@code j} keeps it non-empty). */
    String deadSubject(String jobId) {
        return deadStream() + ".j" + Base64.getUrlEncoder().withoutPadding().encodeToString(jobId.getBytes(StandardCharsets.UTF_8));
    }
}
