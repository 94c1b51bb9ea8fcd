package io.herald.user;

import io.herald.app.AppConfig;
import io.herald.cluster.ClusterLink;
import io.herald.connection.Connection;
import io.herald.protocol.PusherMessages;
import java.util.ArrayList;
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
 * follow users coming online and going offline. Transitions (a user's first and last connection)
 * are decided inside the map's per-key operations, so each fires once even when connections on
 * different event loops sign in or close at the same moment. Messages are written on each
 * connection's own loop.
 */
public final class UserDirectory {

    private final ConcurrentMap<String, Set<Connection>> signedIn = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Connection>> watchers = new ConcurrentHashMap<>();
    /** In a cluster: per user, this node's connections signed in as it plus those watching it. */
    private final ConcurrentMap<String, Integer> topicHolders = new ConcurrentHashMap<>();
    private volatile ClusterLink cluster;

    /**
     * Makes this directory part of a cluster: users' messages come from other nodes too, and
     * coming online or going offline is decided across the cluster. Called once, before any
     * connection opens.
     */
    public void joinCluster(ClusterLink link) {
        this.cluster = link;
    }

    /**
     * Records a signed-in connection and its watchlist; tells watchers when the user comes online,
     * and returns which of the watched users are online now.
     */
    public List<String> signIn(Connection connection, String userId, List<String> watchlist) {
        String appId = connection.app().id();
        boolean[] cameOnline = new boolean[1];
        signedIn.compute(key(appId, userId), (k, set) -> {
            if (set == null) {
                set = new HashSet<>();
                cameOnline[0] = true;
            }
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
        ClusterLink link = cluster;
        if (link != null) {
            holdTopic(appId, userId, +1);
            watchlist.forEach(watched -> holdTopic(appId, watched, +1));
            link.signedIn(connection.app(), userId);
        } else if (cameOnline[0]) {
            notifyWatchers(appId, userId, "online");
        }
        List<String> online = new ArrayList<>();
        for (String watched : watchlist) {
            if (signedIn.containsKey(key(appId, watched))) {
                online.add(watched);
            }
        }
        return online;
    }

    /** Forgets a closed connection; tells watchers when it was the user's last one. */
    public void signOut(Connection connection) {
        String userId = connection.userId();
        if (userId == null) {
            return;
        }
        String appId = connection.app().id();
        boolean[] wentOffline = new boolean[1];
        signedIn.computeIfPresent(key(appId, userId), (k, set) -> {
            set.remove(connection);
            wentOffline[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        for (String watched : connection.watchlist()) {
            watchers.computeIfPresent(key(appId, watched), (k, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
        ClusterLink link = cluster;
        if (link != null) {
            holdTopic(appId, userId, -1);
            connection.watchlist().forEach(watched -> holdTopic(appId, watched, -1));
            link.signedOut(connection.app(), userId);
        } else if (wentOffline[0]) {
            notifyWatchers(appId, userId, "offline");
        }
    }

    /** Keeps this node interested in a user's messages for as long as it holds connections of or watching the user. */
    private void holdTopic(String appId, String userId, int delta) {
        topicHolders.compute(key(appId, userId), (k, holders) -> {
            int now = (holders == null ? 0 : holders) + delta;
            if (holders == null && now > 0) {
                cluster.userTopicOpenedHere(appId, userId);
            } else if (holders != null && now <= 0) {
                cluster.userTopicClosedHere(appId, userId);
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

    public boolean isOnline(String appId, String userId) {
        return signedIn.containsKey(key(appId, userId));
    }

    private void notifyWatchers(String appId, String userId, String status) {
        notifyWatchersHere(appId, userId, PusherMessages.watchlistEvents(status, List.of(userId)));
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
