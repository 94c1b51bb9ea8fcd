package io.herald.it;

import com.pusher.client.ChannelAuthorizer;
import io.herald.auth.Signatures;
import io.herald.json.JsonText;
import io.herald.testkit.TestNode;

/**
 * What an app server's auth endpoints answer, computed in the test: channel authorization through
 * pusher-http-java (as a real app server would), user sign-in signed with {@link Signatures}
 * (pusher-http-java 1.3.4 has no user authentication).
 */
final class LocalAuth {

    private LocalAuth() {}

    /** Authorizes private and encrypted channels, and presence channels as {@code userId}. */
    static ChannelAuthorizer authorizer(RestApi api, String userId, Object userInfo) {
        return (channel, socketId) -> channel.startsWith("presence-")
                ? api.authorizePresence(socketId, channel, userId, userInfo)
                : api.authorize(socketId, channel);
    }

    /** Authorizes private and encrypted channels only. */
    static ChannelAuthorizer authorizer(RestApi api) {
        return (channel, socketId) -> api.authorize(socketId, channel);
    }

    /** An authorizer whose signature is well-formed but wrong. */
    static ChannelAuthorizer forging() {
        return (channel, socketId) -> "{\"auth\":" + JsonText.quote(TestNode.APP_KEY + ":" + "0".repeat(64)) + "}";
    }

    /** The body a user authentication endpoint returns for {@code userData}. */
    static String signinResponse(String socketId, String userData) {
        String auth = Signatures.signinAuth(TestNode.APP_KEY, TestNode.APP_SECRET, socketId, userData);
        return "{\"auth\":" + JsonText.quote(auth) + ",\"user_data\":" + JsonText.quote(userData) + "}";
    }
}
