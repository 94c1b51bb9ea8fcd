package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.auth.Signatures;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.webhook.WebhookJob;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class WebhookRequestsTest {

    private static final String BODY = "{\"time_ms\":1700000000000,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"caf\u00e9\"}]}";
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(
            "a secret of at least 24 random bytes".getBytes(StandardCharsets.UTF_8));

    private final AppConfig app = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
            "apps=[{id: app-1, key: the-key, secret: the-secret}]"))).apps().get(0);
    private final WebhookJob job = new WebhookJob("job-42", "app-1", "http://example.test/hook?token=t", BODY, 1_700_000_000_000L);

    private static WebhookEndpoint endpoint(Map<String, String> headers, String standardSecret) {
        return new WebhookEndpoint("http://example.test/hook?token=t", List.of("channel_occupied"), "", "", headers, standardSecret);
    }

    private static byte[] body(Request request) throws Exception {
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        return buffer.readByteArray();
    }

    @Test
    void postsTheExactBodyWithPusherHeadersInTheirCasing() throws Exception {
        Request request = WebhookRequests.build(job, app, null, 0);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(body(request)).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(request.body().contentType()).isNull();
        assertThat(request.headers().names()).contains("Content-Type", "X-Pusher-Key", "X-Pusher-Signature", "X-Herald-Webhook-Id");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Pusher-Key")).isEqualTo("the-key");
        assertThat(request.header("X-Herald-Webhook-Id")).isEqualTo("job-42");
    }

    @Test
    void pusherSignatureIsLowerCaseHexHmacOfTheBodyBytes() throws Exception {
        Request request = WebhookRequests.build(job, app, null, 0);

        String signature = request.header("X-Pusher-Signature");
        assertThat(signature).matches("[0-9a-f]{64}");
        assertThat(signature).isEqualTo(Signatures.hmacSha256Hex("the-secret", body(request)));
        // Known answer from an independent HMAC: key "the-secret", message "{}".
        WebhookJob empty = new WebhookJob("j", "app-1", "http://example.test/", "{}", 0);
        assertThat(WebhookRequests.build(empty, app, null, 0).header("X-Pusher-Signature"))
                .isEqualTo(javaxHmacHex("the-secret", "{}"));
    }

    @Test
    void noStandardWebhooksHeadersWithoutASecret() {
        Request request = WebhookRequests.build(job, app, endpoint(Map.of(), ""), 0);
        assertThat(request.header("webhook-id")).isNull();
        assertThat(request.header("webhook-signature")).isNull();
    }

    @Test
    void standardWebhooksSignatureVerifiesWithTheReferenceLibrary() throws Exception {
        long now = System.currentTimeMillis();
        Request request = WebhookRequests.build(job, app, endpoint(Map.of(), WHSEC), now);

        assertThat(request.headers().names()).contains("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThat(request.header("webhook-id")).isEqualTo("job-42");
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(now / 1000));
        assertThat(request.header("webhook-signature")).startsWith("v1,");
        new Webhook(WHSEC).verify(new String(body(request), StandardCharsets.UTF_8), request.headers().toMultimap());
    }

    @Test
    void standardWebhooksSignatureFailsVerificationWithAnotherSecret() throws Exception {
        Request request = WebhookRequests.build(job, app, endpoint(Map.of(), WHSEC), System.currentTimeMillis());
        String other = "whsec_" + Base64.getEncoder().encodeToString("another secret of 24+ bytes....".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new Webhook(other).verify(new String(body(request), StandardCharsets.UTF_8),
                request.headers().toMultimap())).isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void standardWebhooksSignatureFollowsTheSpecExample() {
        // The example of the Standard Webhooks specification.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";
        assertThat(StandardWebhooksSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                body.getBytes(StandardCharsets.UTF_8))).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void endpointHeadersAreSentButNeverReplaceOurs() {
        Request request = WebhookRequests.build(job, app, endpoint(Map.of(
                "Authorization", "Bearer abc",
                "x-pusher-signature", "forged",
                "Content-Type", "text/plain",
                "X-Herald-Webhook-Id", "other",
                "Host", "evil.test"), ""), 0);

        assertThat(request.header("Authorization")).isEqualTo("Bearer abc");
        assertThat(request.headers("X-Pusher-Signature")).hasSize(1).doesNotContain("forged");
        assertThat(request.headers("Content-Type")).containsExactly("application/json");
        assertThat(request.headers("X-Herald-Webhook-Id")).containsExactly("job-42");
        assertThat(request.header("Host")).isNull();
    }

    @Test
    void theWebhookIdIsTheJobIdSoEveryAttemptCarriesTheSameOne() {
        Request first = WebhookRequests.build(job, app, endpoint(Map.of(), WHSEC), 1_000_000);
        Request later = WebhookRequests.build(job, app, endpoint(Map.of(), WHSEC), 9_000_000);
        assertThat(later.header("X-Herald-Webhook-Id")).isEqualTo(first.header("X-Herald-Webhook-Id"));
        assertThat(later.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(later.header("webhook-timestamp")).isNotEqualTo(first.header("webhook-timestamp"));
    }

    @Test
    void refusesAMalformedStandardWebhooksSecret() {
        assertThatThrownBy(() -> WebhookRequests.build(job, app, endpoint(Map.of(), "whsec_not base64!"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String javaxHmacHex(String key, String message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
