package io.herald.it;

import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PrivateEncryptedChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import io.herald.testkit.RawPusherClient;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what pusher-java-client reports for one channel: events, subscription success, auth and
 * decryption failures, and presence members. One listener type serves every kind of channel.
 */
final class ChannelRecorder implements PresenceChannelEventListener, PrivateEncryptedChannelEventListener {

    private final List<PusherEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> authFailures = new CopyOnWriteArrayList<>();
    private final List<String> decryptionFailures = new CopyOnWriteArrayList<>();
    private final List<User> added = new CopyOnWriteArrayList<>();
    private final List<User> removed = new CopyOnWriteArrayList<>();
    private volatile Set<User> roster;
    private volatile boolean subscribed;

    @Override
    public void onEvent(PusherEvent event) {
        events.add(event);
    }

    @Override
    public void onSubscriptionSucceeded(String channelName) {
        subscribed = true;
    }

    @Override
    public void onAuthenticationFailure(String message, Exception e) {
        authFailures.add(message);
    }

    @Override
    public void onDecryptionFailure(String event, String reason) {
        decryptionFailures.add(event + ": " + reason);
    }

    @Override
    public void onUsersInformationReceived(String channelName, Set<User> users) {
        roster = Set.copyOf(users);
    }

    @Override
    public void userSubscribed(String channelName, User user) {
        added.add(user);
    }

    @Override
    public void userUnsubscribed(String channelName, User user) {
        removed.add(user);
    }

    void awaitSubscribed() {
        await("subscription_succeeded").atMost(RawPusherClient.TIMEOUT).until(() -> subscribed);
    }

    boolean subscribed() {
        return subscribed;
    }

    /** The first event with this name, waiting for it. */
    PusherEvent awaitEvent(String name) {
        return await("event " + name + " (got " + events + ")").atMost(RawPusherClient.TIMEOUT)
                .until(() -> events.stream().filter(e -> name.equals(e.getEventName())).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    List<PusherEvent> events(String name) {
        return events.stream().filter(e -> name.equals(e.getEventName())).toList();
    }

    Set<User> awaitRoster() {
        await("the presence roster").atMost(RawPusherClient.TIMEOUT).until(() -> roster != null);
        return roster;
    }

    List<User> added() {
        return List.copyOf(added);
    }

    List<User> removed() {
        return List.copyOf(removed);
    }

    List<String> decryptionFailures() {
        return List.copyOf(decryptionFailures);
    }

    List<String> authFailures() {
        return List.copyOf(authFailures);
    }
}
