package io.herald.it;

import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What pusher-java-client reports for one presence channel, in the order it reports it: the
 * roster of {@code subscription_succeeded} and every member added or removed. From it,
 * {@link #membersAsPusherJsKeepsThem()} replays the list the way pusher-js keeps it (the roster
 * replaces the list, later events change it), which pusher-java-client does not do: it merges
 * the roster into members it was told of before.
 */
final class PresenceTimeline implements PresenceChannelEventListener {

    private enum Kind { ROSTER, ADDED, REMOVED }

    private record Entry(Kind kind, Set<String> userIds) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    @Override
    public synchronized void onUsersInformationReceived(String channelName, Set<User> users) {
        Set<String> ids = new HashSet<>();
        users.forEach(user -> ids.add(user.getId()));
        entries.add(new Entry(Kind.ROSTER, ids));
    }

    @Override
    public synchronized void userSubscribed(String channelName, User user) {
        entries.add(new Entry(Kind.ADDED, Set.of(user.getId())));
    }

    @Override
    public synchronized void userUnsubscribed(String channelName, User user) {
        entries.add(new Entry(Kind.REMOVED, Set.of(user.getId())));
    }

    @Override
    public synchronized void onAuthenticationFailure(String message, Exception e) {
        failures.add(message);
    }

    @Override
    public void onSubscriptionSucceeded(String channelName) {
        // The roster (onUsersInformationReceived) is what counts; it follows this call.
    }

    @Override
    public void onEvent(PusherEvent event) {
        // Only presence events matter here.
    }

    synchronized boolean hasRoster() {
        return entries.stream().anyMatch(entry -> entry.kind() == Kind.ROSTER);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Whether a member_added or member_removed came before the channel's subscription_succeeded. */
    synchronized boolean eventBeforeRoster() {
        return !entries.isEmpty() && entries.get(0).kind() != Kind.ROSTER;
    }

    /** The member list as pusher-js holds it after everything received so far. */
    synchronized Set<String> membersAsPusherJsKeepsThem() {
        Set<String> members = new HashSet<>();
        for (Entry entry : entries) {
            switch (entry.kind()) {
                case ROSTER -> {
                    members.clear();
                    members.addAll(entry.userIds());
                }
                case ADDED -> members.addAll(entry.userIds());
                case REMOVED -> members.removeAll(entry.userIds());
            }
        }
        return members;
    }
}
