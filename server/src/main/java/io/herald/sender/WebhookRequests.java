package io.herald.sender;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.auth.Signatures;
import io.herald.webhook.WebhookJob;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds the HTTP request of one attempt: the job's exact body, signed as Pusher signs
 * ({@code X-Pusher-Key}, {@code X-Pusher-Signature}), the stable delivery id, the endpoint's own
 * headers (which never replace ours) and, when the endpoint has a secret for it, the Standard
 * Webhooks headers. Header names keep the casing written here on HTTP/1.1.
 */
public final class WebhookRequests {

    public static final String CONTENT_TYPE = "Content-Type";
    public static final String PUSHER_KEY = "X-Pusher-Key";
    public static final String PUSHER_SIGNATURE = "X-Pusher-Signature";
    public static final String WEBHOOK_ID = "X-Herald-Webhook-Id";
    public static final String STANDARD_ID = "webhook-id";
    public static final String STANDARD_TIMESTAMP = "webhook-timestamp";
    public static final String STANDARD_SIGNATURE = "webhook-signature";
    static final String USER_AGENT = "Herald-Webhooks";

    /** Headers an endpoint's configuration may not set: ours, and those that frame the request. */
    private static final Set<String> RESERVED = Set.of(
            "content-type", "x-pusher-key", "x-pusher-signature", "x-herald-webhook-id",
            "webhook-id", "webhook-timestamp", "webhook-signature",
            "host", "content-length", "transfer-encoding", "connection", "accept-encoding");

    private WebhookRequests() {}

    /**
     * The request for {@code job}; {@code endpoint} may be null (the app no longer lists the
     * URL), and then only the Pusher headers are sent.
     */
    public static Request build(WebhookJob job, AppConfig app, WebhookEndpoint endpoint, long nowMillis) {
        byte[] body = job.body().getBytes(StandardCharsets.UTF_8);
        Request.Builder request = new Request.Builder()
                .url(job.endpointUrl())
                .post(RequestBody.create(body, null))
                .header("User-Agent", USER_AGENT);
        if (endpoint != null) {
            for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
                if (!RESERVED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    request.header(header.getKey(), header.getValue());
                }
            }
        }
        request.header(CONTENT_TYPE, "application/json")
                .header(PUSHER_KEY, app.key())
                .header(PUSHER_SIGNATURE, Signatures.hmacSha256Hex(app.secret(), body))
                .header(WEBHOOK_ID, job.id())
                .header("Accept-Encoding", "identity");
        if (endpoint != null && hasText(endpoint.standardWebhooksSecret())) {
            long timestamp = nowMillis / 1000;
            request.header(STANDARD_ID, job.id())
                    .header(STANDARD_TIMESTAMP, Long.toString(timestamp))
                    .header(STANDARD_SIGNATURE,
                            StandardWebhooksSignature.sign(endpoint.standardWebhooksSecret(), job.id(), timestamp, body));
        }
        return request.build();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
