package io.herald.gateway;

import static io.herald.gateway.ClientMessage.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.app.AppConfig;
import io.herald.auth.Signatures;
import io.herald.connection.Connection;
import io.herald.link.ClusterLink;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.webhook.WebhookEventType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pusher:signin} and watchlists (docs/protocol.md, "Signing in"). For an app with an
 * endpoint for {@code user_online}, signin_success waits until the cluster decided whether this is
 * the user's first connection and that webhook is durable.
 */
final class Signin {

    private final ClusterLink cluster;
    private final DurableReplies durableReplies;

    Signin(ClusterLink cluster, DurableReplies durableReplies) {
        this.cluster = cluster;
        this.durableReplies = durableReplies;
    }

    void signin(Connection connection, ClientMessage message) {
        AppConfig app = connection.app();
        JsonNode data = message.dataObject();
        String auth = text(data, "auth");
        String userData = text(data, "user_data");
        if (auth == null || userData == null) {
            refuse(connection, "Invalid signin: auth and user_data are required");
            return;
        }
        if (!Signatures.verifyAuth(app, System.currentTimeMillis(), auth, connection.socketId() + "::user::" + userData)) {
            refuse(connection, "Invalid signin: the signature does not match");
            return;
        }
        JsonNode user;
        try {
            user = ClientMessage.JSON.readTree(userData);
        } catch (JsonProcessingException e) {
            refuse(connection, "Invalid signin: user_data is not JSON");
            return;
        }
        JsonNode id = user == null ? null : user.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
            refuse(connection, "Invalid signin: user_data needs a non-empty id");
            return;
        }
        String userId = id.asText();
        if (userId.length() > app.maxUserIdLength()) {
            refuse(connection, "Invalid signin: the user id is longer than " + app.maxUserIdLength() + " characters");
            return;
        }
        if (connection.userId() != null) {
            if (!connection.userId().equals(userId)) {
                refuse(connection, "Invalid signin: the connection is already signed in as another user");
            } else {
                connection.send(PusherMessages.signinSuccess(userData));
            }
            return;
        }
        List<String> watchlist = watchlist(user);
        boolean truncated = watchlist.size() > app.maxWatchlistSize();
        if (truncated) {
            watchlist = watchlist.subList(0, app.maxWatchlistSize());
        }
        JsonNode info = user.get("user_info");
        connection.signedIn(userId, info == null ? "null" : info.toString(), watchlist);
        cluster.signIn(connection, userId, watchlist);
        List<String> watched = watchlist;
        Runnable succeeded = () -> succeeded(connection, userData, truncated, watched);
        if (app.wantsWebhook(WebhookEventType.USER_ONLINE, null)) {
            // signin_success tells the client its user_online webhook (if it was the first connection) is durable.
            durableReplies.reply(connection, succeeded);
        } else {
            succeeded.run();
        }
    }

    /** signin_success, then the watchlist: a truncation warning and the watched users online now. */
    private void succeeded(Connection connection, String userData, boolean truncated, List<String> watchlist) {
        AppConfig app = connection.app();
        connection.send(PusherMessages.signinSuccess(userData));
        if (truncated) {
            connection.send(PusherMessages.error(CloseCode.WATCHLIST_LIMIT,
                    "Watchlist limited to " + app.maxWatchlistSize() + " users; the rest are ignored"));
        }
        if (watchlist.isEmpty()) {
            return;
        }
        OnConnectionLoop.whenComplete(connection, cluster.onlineUsers(app.id(), watchlist),
                (online, error) -> sendOnline(connection, watchlist.stream().filter(online::contains).toList()));
    }

    private static void sendOnline(Connection connection, List<String> online) {
        if (!online.isEmpty()) {
            connection.send(PusherMessages.watchlistEvents("online", online));
        }
    }

    private static List<String> watchlist(JsonNode user) {
        JsonNode list = user.get("watchlist");
        List<String> ids = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode id : list) {
                if ((id.isTextual() || id.isIntegralNumber()) && !id.asText().isEmpty() && !ids.contains(id.asText())) {
                    ids.add(id.asText());
                }
            }
        }
        return ids;
    }

    /** A failed signin: an error frame; apps that require authentication also close (4009). */
    private static void refuse(Connection connection, String message) {
        if (connection.app().userAuthentication()) {
            connection.close(CloseCode.UNAUTHORIZED, message);
        } else {
            connection.send(PusherMessages.error(CloseCode.UNAUTHORIZED, message));
        }
    }
}
