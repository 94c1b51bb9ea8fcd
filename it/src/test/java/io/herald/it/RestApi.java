package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.PresenceUser;
import com.pusher.rest.data.Result;
import io.herald.json.JsonText;
import io.herald.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The official pusher-http-java SDK pointed at a test node: publishes, signs channel auth the way
 * an app server would, and calls the endpoints the SDK has no method for through its signed
 * {@code post}. Calls that must succeed assert HTTP 200.
 */
final class RestApi implements AutoCloseable {

    /** The encryption master key the SDK derives private-encrypted- channel keys from. */
    static final String ENCRYPTION_MASTER_KEY = Base64.getEncoder()
            .encodeToString("herald-test-master-key-32-bytes!".getBytes(StandardCharsets.US_ASCII));

    private final Pusher sdk;

    private RestApi(Pusher sdk) {
        this.sdk = sdk;
    }

    static RestApi of(TestNode node) {
        return at(node.port());
    }

    /** The SDK for the demo app on whatever node listens on {@code port} (in this JVM or not). */
    static RestApi at(int port) {
        Pusher sdk = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET, ENCRYPTION_MASTER_KEY);
        sdk.setHost(TestNode.HOST + ":" + port);
        sdk.setEncrypted(false);
        return new RestApi(sdk);
    }

    Pusher sdk() {
        return sdk;
    }

    /** Publishes {@code data} (serialised to JSON by the SDK) to one channel. */
    void trigger(String channel, String event, Object data) {
        assertOk(sdk.trigger(channel, event, data), "trigger " + event + " on " + channel);
    }

    /** Publishes to one channel, excluding the connection {@code socketId}. */
    void trigger(String channel, String event, Object data, String socketId) {
        assertOk(sdk.trigger(channel, event, data, socketId), "trigger " + event + " on " + channel);
    }

    /** Publishes several events in one batch_events call. */
    void triggerBatch(List<Event> events) {
        assertOk(sdk.trigger(events), "batch of " + events.size() + " events");
    }

    /**
     * What pusher-http-node's sendToUser does; the Java SDK's channel check refuses names with
     * {@code #}, so the body is posted through its signed {@code post}.
     */
    void sendToUser(String userId, String event, String dataJson) {
        String body = "{\"name\":" + JsonText.quote(event) + ",\"channels\":[" + JsonText.quote("#server-to-user-" + userId)
                + "],\"data\":" + JsonText.quote(dataJson) + "}";
        assertOk(sdk.post("/events", body), "send " + event + " to user " + userId);
    }

    void terminateUserConnections(String userId) {
        assertOk(sdk.post("/users/" + userId + "/terminate_connections", "{}"), "terminate user " + userId);
    }

    /** The body of a signed GET that must answer 200, e.g. {@code get("/channels", Map.of("info", "user_count"))}. */
    String get(String path, Map<String, String> parameters) {
        Result result = sdk.get(path, parameters);
        assertOk(result, "GET " + path + " " + parameters);
        return result.getMessage();
    }

    /** The auth response an app server returns for a private or encrypted channel. */
    String authorize(String socketId, String channel) {
        return sdk.authenticate(socketId, channel);
    }

    /** The auth response an app server returns for a presence channel ({@code userInfo} may be null). */
    String authorizePresence(String socketId, String channel, String userId, Object userInfo) {
        PresenceUser user = userInfo == null ? new PresenceUser(userId) : new PresenceUser(userId, userInfo);
        return sdk.authenticate(socketId, channel, user);
    }

    private static void assertOk(Result result, String what) {
        assertThat(result.getStatus())
                .as("%s: HTTP %s %s", what, result.getHttpStatus(), result.getMessage())
                .isEqualTo(Result.Status.SUCCESS);
    }

    @Override
    public void close() throws Exception {
        sdk.close();
    }
}
