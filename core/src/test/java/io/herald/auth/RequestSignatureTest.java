package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The known answers and the rules of docs/protocol.md, "Signatures", and docs/http-api.md. */
class RequestSignatureTest {

    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";
    private static final long TIMESTAMP = 1353088179;
    private static final byte[] DOCS_BODY =
            "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}".getBytes(StandardCharsets.UTF_8);
    private static final String DOCS_BODY_MD5 = "ec365a775a4cd0599faeb73354201b6f";
    private static final String DOCS_POST_SIGNATURE = "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";
    private static final String DOCS_POST_QUERY = "auth_key=" + KEY + "&auth_timestamp=" + TIMESTAMP
            + "&auth_version=1.0&body_md5=" + DOCS_BODY_MD5 + "&auth_signature=" + DOCS_POST_SIGNATURE;
    private static final String GET_SIGNATURE = "16819168891cb5dfd72b5c7a5d3d602605b26c6ba1930033b5e2eeeb65010291";

    private final AppConfig app = app();

    @Test
    void bodyMd5OfTheDocsBodyMatchesTheDocs() {
        assertThat(Signatures.md5Hex(DOCS_BODY)).isEqualTo(DOCS_BODY_MD5);
    }

    @Test
    void buildsTheDocsStringToSign() {
        assertThat(RequestSignature.stringToSign("POST", "/apps/3/events", QueryString.parse(DOCS_POST_QUERY)))
                .isEqualTo("POST\n/apps/3/events\nauth_key=" + KEY + "&auth_timestamp=" + TIMESTAMP
                        + "&auth_version=1.0&body_md5=" + DOCS_BODY_MD5);
    }

    @Test
    void acceptsTheDocsPostVector() {
        assertThatCode(() -> verifier(TIMESTAMP).verify(app, "POST", "/apps/3/events", QueryString.parse(DOCS_POST_QUERY), DOCS_BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheGetVectorWithParametersInAnyOrder() {
        String query = "info=user_count&auth_signature=" + GET_SIGNATURE + "&filter_by_prefix=presence-&auth_version=1.0"
                + "&auth_timestamp=" + TIMESTAMP + "&auth_key=" + KEY;
        assertThatCode(() -> verifier(TIMESTAMP).verify(app, "GET", "/apps/3/channels", QueryString.parse(query), new byte[0]))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsPercentEncodedQueryValuesSignedDecoded() {
        String query = "auth_key=" + KEY + "&auth_timestamp=" + TIMESTAMP + "&auth_version=1.0"
                + "&filter_by_prefix=presence%2D&info=user%5Fcount&auth_signature=" + GET_SIGNATURE;
        assertThatCode(() -> verifier(TIMESTAMP).verify(app, "GET", "/apps/3/channels", QueryString.parse(query), new byte[0]))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsCommaListsSentEncodedOrRaw() {
        Map<String, List<String>> decoded = Map.of("info", List.of("user_count,subscription_count"), "auth_key", List.of(KEY),
                "auth_timestamp", List.of(Long.toString(TIMESTAMP)), "auth_version", List.of("1.0"));
        String signature = Signatures.hmacSha256Hex(SECRET, RequestSignature.stringToSign("GET", "/apps/3/channels/c", decoded));
        String common = "auth_key=" + KEY + "&auth_timestamp=" + TIMESTAMP + "&auth_version=1.0&auth_signature=" + signature;
        for (String info : List.of("user_count,subscription_count", "user_count%2Csubscription_count")) {
            assertThatCode(() -> verifier(TIMESTAMP).verify(app, "GET", "/apps/3/channels/c",
                    QueryString.parse(common + "&info=" + info), new byte[0])).doesNotThrowAnyException();
        }
    }

    @Test
    void acceptsTimestampsUpTo599SecondsAway() {
        for (long now : List.of(TIMESTAMP + 599, TIMESTAMP - 599)) {
            assertThatCode(() -> verifier(now).verify(app, "POST", "/apps/3/events", QueryString.parse(DOCS_POST_QUERY), DOCS_BODY))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void rejectsASignatureOrBodyMd5InUpperCaseHexAsPusherDoes() {
        String upperSignature = DOCS_POST_QUERY.replace(DOCS_POST_SIGNATURE, DOCS_POST_SIGNATURE.toUpperCase(java.util.Locale.ROOT));
        assertThatThrownBy(() -> verifier(TIMESTAMP).verify(app, "POST", "/apps/3/events", QueryString.parse(upperSignature), DOCS_BODY))
                .isInstanceOf(SignatureException.class)
                .hasMessageStartingWith("Invalid signature: you should have sent HmacSHA256Hex(");
        String upperMd5 = DOCS_POST_QUERY.replace(DOCS_BODY_MD5, DOCS_BODY_MD5.toUpperCase(java.util.Locale.ROOT));
        assertThatThrownBy(() -> verifier(TIMESTAMP).verify(app, "POST", "/apps/3/events", QueryString.parse(upperMd5), DOCS_BODY))
                .isInstanceOf(SignatureException.class)
                .hasMessageStartingWith("Invalid body_md5: the request body's MD5 is " + DOCS_BODY_MD5);
    }

    @Test
    void rejectsATimestamp600SecondsOld() {
        assertRejected(verifier(TIMESTAMP + 600), "/apps/3/events", DOCS_POST_QUERY, DOCS_BODY,
                "Timestamp expired: Given timestamp (1353088179) not within 600s of server time (1353088779)");
    }

    @Test
    void rejectsATimestamp600SecondsInTheFuture() {
        assertRejected(verifier(TIMESTAMP - 600), "/apps/3/events", DOCS_POST_QUERY, DOCS_BODY,
                "Timestamp expired: Given timestamp (1353088179) not within 600s of server time (1353087579)");
    }

    @Test
    void rejectsATimestampThatIsNoNumber() {
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", DOCS_POST_QUERY.replace("auth_timestamp=" + TIMESTAMP, "auth_timestamp=soon"),
                DOCS_BODY, "Invalid auth_timestamp 'soon': expected Unix time in seconds");
    }

    @Test
    void rejectsATamperedBody() {
        byte[] tampered = new String(DOCS_BODY, StandardCharsets.UTF_8).replace("project-3", "project-4").getBytes(StandardCharsets.UTF_8);
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", DOCS_POST_QUERY, tampered,
                "Invalid body_md5: the request body's MD5 is " + Signatures.md5Hex(tampered) + ", but you sent \"" + DOCS_BODY_MD5 + "\"");
    }

    @Test
    void rejectsABodyWithoutBodyMd5() {
        String query = "auth_key=" + KEY + "&auth_timestamp=" + TIMESTAMP + "&auth_version=1.0&auth_signature=" + DOCS_POST_SIGNATURE;
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", query, DOCS_BODY,
                "Missing parameter body_md5: it is required when the request has a body");
    }

    @Test
    void rejectsAnotherAppsKey() {
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", DOCS_POST_QUERY.replace(KEY, "some-other-key"), DOCS_BODY, "Unknown auth_key");
    }

    @Test
    void rejectsAMissingKey() {
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", DOCS_POST_QUERY.replace("auth_key=" + KEY + "&", ""), DOCS_BODY,
                "Missing parameter auth_key");
    }

    @Test
    void rejectsAnotherAuthVersion() {
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", DOCS_POST_QUERY.replace("auth_version=1.0", "auth_version=2.0"), DOCS_BODY,
                "Unsupported auth_version '2.0': only 1.0 is supported");
    }

    @Test
    void rejectsAMissingSignature() {
        assertRejected(verifier(TIMESTAMP), "/apps/3/events", DOCS_POST_QUERY.replace("&auth_signature=" + DOCS_POST_SIGNATURE, ""),
                DOCS_BODY, "Missing parameter auth_signature");
    }

    @Test
    void rejectsAWrongSignatureNamingTheStringToSignButNotTheSecret() {
        String wrong = DOCS_POST_SIGNATURE.replace('d', 'e');
        assertThatThrownBy(() -> verifier(TIMESTAMP).verify(app, "POST", "/apps/3/events",
                QueryString.parse(DOCS_POST_QUERY.replace(DOCS_POST_SIGNATURE, wrong)), DOCS_BODY))
                .isInstanceOf(SignatureException.class)
                .hasMessage("Invalid signature: you should have sent HmacSHA256Hex(\"POST\n/apps/3/events\nauth_key=" + KEY
                        + "&auth_timestamp=" + TIMESTAMP + "&auth_version=1.0&body_md5=" + DOCS_BODY_MD5
                        + "\", your_secret_key), but you sent \"" + wrong + "\"")
                .message().doesNotContain(SECRET);
    }

    @Test
    void rejectsASignatureOverAnotherPath() {
        assertThatThrownBy(() -> verifier(TIMESTAMP).verify(app, "POST", "/apps/3/batch_events", QueryString.parse(DOCS_POST_QUERY), DOCS_BODY))
                .isInstanceOf(SignatureException.class).hasMessageStartingWith("Invalid signature");
    }

    @Test
    void rejectsASignatureOverAnotherMethod() {
        assertThatThrownBy(() -> verifier(TIMESTAMP).verify(app, "PUT", "/apps/3/events", QueryString.parse(DOCS_POST_QUERY), DOCS_BODY))
                .isInstanceOf(SignatureException.class).hasMessageStartingWith("Invalid signature");
    }

    @Test
    void acceptsASignatureOverTheDecodedPathOfAnEncodedRequest() {
        String query = signedGetQuery("/apps/3/channels/presence-a@b");
        assertThatCode(() -> verifier(TIMESTAMP).verify(app, "GET", "/apps/3/channels/presence-a%40b", QueryString.parse(query), new byte[0]))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsASignatureOverTheRawPath() {
        String query = signedGetQuery("/apps/3/channels/presence-a%40b");
        assertThatCode(() -> verifier(TIMESTAMP).verify(app, "GET", "/apps/3/channels/presence-a%40b", QueryString.parse(query), new byte[0]))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsASignatureWithoutOrWithTheServerPathPrefix() {
        RequestSignature prefixed = new RequestSignature("/pusher", fixedClock(TIMESTAMP));
        for (String signedPath : List.of("/apps/3/channels", "/pusher/apps/3/channels")) {
            assertThatCode(() -> prefixed.verify(app, "GET", "/pusher/apps/3/channels", QueryString.parse(signedGetQuery(signedPath)), new byte[0]))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void triesTheDecodedPathWithoutPrefixFirst() {
        RequestSignature prefixed = new RequestSignature("/pusher", fixedClock(TIMESTAMP));
        assertThat(prefixed.candidatePaths("/pusher/apps/3/channels/a%3Db"))
                .containsExactly("/apps/3/channels/a=b", "/apps/3/channels/a%3Db", "/pusher/apps/3/channels/a=b", "/pusher/apps/3/channels/a%3Db");
    }

    @Test
    void signsRepeatedParametersRackStyleInOrder() {
        Map<String, List<String>> query = QueryString.parse("channels[]=b&auth_key=" + KEY + "&channels[]=a");
        assertThat(RequestSignature.stringToSign("post", "/apps/3/events", query))
                .isEqualTo("POST\n/apps/3/events\nauth_key=" + KEY + "&channels[]=b&channels[]=a");
    }

    @Test
    void lowerCasesParameterNames() {
        Map<String, List<String>> query = QueryString.parse("Info=x&AUTH_KEY=" + KEY);
        assertThat(RequestSignature.stringToSign("GET", "/p", query)).isEqualTo("GET\n/p\nauth_key=" + KEY + "&info=x");
    }

    private String signedGetQuery(String signedPath) {
        String query = "auth_key=" + KEY + "&auth_timestamp=" + TIMESTAMP + "&auth_version=1.0";
        String signature = Signatures.hmacSha256Hex(SECRET, RequestSignature.stringToSign("GET", signedPath, QueryString.parse(query)));
        return query + "&auth_signature=" + signature;
    }

    private void assertRejected(RequestSignature verifier, String path, String query, byte[] body, String message) {
        assertThatThrownBy(() -> verifier.verify(app, "POST", path, QueryString.parse(query), body))
                .isInstanceOf(SignatureException.class)
                .hasMessage(message);
    }

    private static RequestSignature verifier(long nowSeconds) {
        return new RequestSignature("", fixedClock(nowSeconds));
    }

    private static Clock fixedClock(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    private static AppConfig app() {
        var sources = new ConfigSources(Optional.empty(), Map.of(),
                List.of("apps=[{id: '3', key: '" + KEY + "', secret: '" + SECRET + "'}]"));
        return new ConfigLoader().load(sources).apps().getFirst();
    }
}
