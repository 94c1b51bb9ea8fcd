package io.herald.user;

import io.herald.app.AppConfig;
import io.herald.connection.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Connections signed in with {@code pusher:signin}, by app and user id, and the watchlists that
 * follow users coming online and going offline. It records what happens on this node; whether a
 * user came online or went offline is decided by the cluster state and announced by the node's
 * link to it, which is the only caller of {@link #signIn} and {@link #signOut}. Messages are
 * written on each connection's own loop.
 */
public final class UserDirectory {

    private final ConcurrentMap<String, Set<Connection>> signedIn = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Connection>> watchers = new ConcurrentHashMap<>();
    /** Per user, this node's connections signed in as it plus those watching it. */
    private final ConcurrentMap<String, Integer> topicHolders = new ConcurrentHashMap<>();

    /** Records a signed-in connection and its watchlist. */
    public void signIn(Connection connection, String userId, List<String> watchlist, UserInterest interest) {
        String appId = connection.app().id();
        signedIn.compute(key(appId, userId), (k, set) -> {
            set = set == null ? new HashSet<>() : set;
            set.add(connection);
            return set;
        });
        for (String watched : watchlist) {
            watchers.compute(key(appId, watched), (k, set) -> {
                set = set == null ? new HashSet<>() : set;
                set.add(connection);
                return set;
            });
        }
        holdTopic(appId, userId, +1, interest);
        watchlist.forEach(watched -> holdTopic(appId, watched, +1, interest));
    }

    /** Forgets a closed connection that had signed in. */
    public void signOut(Connection connection, UserInterest interest) {
        String userId = connection.userId();
        String appId = connection.app().id();
        signedIn.computeIfPresent(key(appId, userId), (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        for (String watched : connection.watchlist()) {
            watchers.computeIfPresent(key(appId, watched), (k, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
        holdTopic(appId, userId, -1, interest);
        connection.watchlist().forEach(watched -> holdTopic(appId, watched, -1, interest));
    }

    /** Keeps this node interested in a user's messages for as long as it holds connections of or watching the user. */
    private void holdTopic(String appId, String userId, int delta, UserInterest interest) {
        topicHolders.compute(key(appId, userId), (k, holders) -> {
            int now = (holders == null ? 0 : holders) + delta;
            if (holders == null && now > 0) {
                interest.firstHolderHere(appId, userId);
            } else if (holders != null && now <= 0) {
                interest.lastHolderGone(appId, userId);
            }
            return now > 0 ? now : null;
        });
    }

    /** Writes a watchlist event to this node's connections watching the user. */
    public void notifyWatchersHere(String appId, String userId, String json) {
        for (Connection watcher : snapshot(watchers, key(appId, userId))) {
            watcher.channel().eventLoop().execute(() -> watcher.send(json));
        }
    }

    /** Which of {@code userIds} have a connection signed in on this node. */
    public Set<String> signedInHere(String appId, Collection<String> userIds) {
        Set<String> online = new LinkedHashSet<>();
        for (String userId : userIds) {
            if (signedIn.containsKey(key(appId, userId))) {
                online.add(userId);
            }
        }
        return online;
    }

    /** Signed-in connections on this node per app and user id. */
    public Map<String, Map<String, Integer>> signedInCounts() {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        signedIn.forEach((key, set) -> {
            int split = key.indexOf('\u0000');
            counts.computeIfAbsent(key.substring(0, split), app -> new HashMap<>())
                    .put(key.substring(split + 1), set.size());
        });
        return counts;
    }

    /** Sends one message to every connection signed in as the user, except {@code excludeSocketId}; returns how many. */
    public int sendToUser(String appId, String userId, String json, String excludeSocketId) {
        int sent = 0;
        for (Connection connection : connectionsOf(appId, userId)) {
            if (excludeSocketId == null || !excludeSocketId.equals(connection.socketId())) {
                connection.channel().eventLoop().execute(() -> connection.send(json));
                sent++;
            }
        }
        return sent;
    }

    /** Closes every connection signed in as the user with the app's terminate close code. */
    public void terminate(AppConfig app, String userId) {
        for (Connection connection : connectionsOf(app.id(), userId)) {
            connection.channel().eventLoop().execute(() ->
                    connection.close(app.terminateCloseCode(), "You got disconnected by the app."));
        }
    }

    private List<Connection> connectionsOf(String appId, String userId) {
        return snapshot(signedIn, key(appId, userId));
    }

    private static List<Connection> snapshot(ConcurrentMap<String, Set<Connection>> map, String key) {
        List<Connection> copy = new ArrayList<>();
        map.computeIfPresent(key, (k, set) -> {
            copy.addAll(new LinkedHashSet<>(set));
            return set;
        });
        return copy;
    }

    private static String key(String appId, String userId) {
        return appId + '\u0000' + userId;
    }
}
