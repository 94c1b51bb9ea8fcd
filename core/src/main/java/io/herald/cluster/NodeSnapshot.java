package io.herald.cluster;

import java.util.List;
import java.util.Map;

/** Everything one node holds, as counts of its own connections; what {@link ClusterState#reassert} writes. */
public record NodeSnapshot(List<ChannelEntry> channels, List<MemberEntry> members, List<UserEntry> users,
        Map<String, Integer> connectionsByApp) {

    public NodeSnapshot {
        channels = List.copyOf(channels);
        members = List.copyOf(members);
        users = List.copyOf(users);
        connectionsByApp = Map.copyOf(connectionsByApp);
    }

    /** Subscriptions of this node to one channel. */
    public record ChannelEntry(String appId, String channel, int subscriptions) {}

    /** Connections of one user in one presence channel on this node, and the member's user_info JSON. */
    public record MemberEntry(String appId, String channel, String userId, String userInfoJson, int connections) {}

    /** Signed-in connections of one user on this node. */
    public record UserEntry(String appId, String userId, int connections) {}
}
