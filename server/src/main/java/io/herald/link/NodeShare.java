package io.herald.link;

import io.herald.channel.LocalChannels;
import io.herald.channel.PresenceRoster;
import io.herald.cluster.NodeSnapshot;
import io.herald.user.UserDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** This node's share of the cluster state, read from its channels, rosters and signed-in users. */
public final class NodeShare implements Supplier<NodeSnapshot> {

    private final LocalChannels channels;
    private final UserDirectory users;
    private final Supplier<Map<String, Integer>> connectionsByApp;

    public NodeShare(LocalChannels channels, UserDirectory users, Supplier<Map<String, Integer>> connectionsByApp) {
        this.channels = channels;
        this.users = users;
        this.connectionsByApp = connectionsByApp;
    }

    @Override
    public NodeSnapshot get() {
        List<NodeSnapshot.ChannelEntry> channelEntries = new ArrayList<>();
        List<NodeSnapshot.MemberEntry> memberEntries = new ArrayList<>();
        channels.forEachChannel(channel -> {
            if (channel.subscriptionCount() <= 0) {
                return;
            }
            channelEntries.add(new NodeSnapshot.ChannelEntry(channel.appId(), channel.name(), channel.subscriptionCount()));
            PresenceRoster roster = channel.roster();
            if (roster != null) {
                roster.connectionsByUser().forEach((userId, connections) -> memberEntries.add(new NodeSnapshot.MemberEntry(
                        channel.appId(), channel.name(), userId, roster.userInfo(userId), connections)));
            }
        });
        List<NodeSnapshot.UserEntry> userEntries = new ArrayList<>();
        users.signedInCounts().forEach((appId, byUser) -> byUser.forEach((userId, connections) ->
                userEntries.add(new NodeSnapshot.UserEntry(appId, userId, connections))));
        return new NodeSnapshot(channelEntries, memberEntries, userEntries, connectionsByApp.get());
    }
}
