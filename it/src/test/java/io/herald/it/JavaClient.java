package io.herald.it;

import static org.awaitility.Awaitility.await;

import com.pusher.client.ChannelAuthorizer;
import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.UserAuthenticator;
import com.pusher.client.channel.Channel;
import com.pusher.client.channel.PrivateChannel;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The official pusher-java-client (it connects with protocol=5) connected to a test node, with
 * every connection state and {@code pusher:error} it reports recorded. It never reconnects, so a
 * close shows up as a state instead of being papered over.
 */
final class JavaClient implements AutoCloseable {

    /** A {@code pusher:error} or transport error as the client reports it ({@code code} may be null). */
    record Error(String message, String code) {}

    private final Pusher pusher;
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final List<Error> errors = new CopyOnWriteArrayList<>();

    private JavaClient(Pusher pusher) {
        this.pusher = pusher;
    }

    static JavaClient connect(TestNode node) {
        return connect(node, options -> {});
    }

    static JavaClient connect(TestNode node, ChannelAuthorizer authorizer) {
        return connect(node, options -> options.setChannelAuthorizer(authorizer));
    }

    /** Connects and waits for CONNECTED; {@code customise} may add an authorizer, timeouts, ... */
    static JavaClient connect(TestNode node, Consumer<PusherOptions> customise) {
        return connect(node.port(), customise);
    }

    /** Connects to the demo app on whatever node listens on {@code port} and waits for CONNECTED. */
    static JavaClient connect(int port, Consumer<PusherOptions> customise) {
        JavaClient client = start(port, TestNode.APP_KEY, customise);
        client.awaitState(ConnectionState.CONNECTED);
        return client;
    }

    /** Starts connecting to the app {@code appKey} without waiting for the outcome. */
    static JavaClient start(TestNode node, String appKey, Consumer<PusherOptions> customise) {
        return start(node.port(), appKey, customise);
    }

    private static JavaClient start(int port, String appKey, Consumer<PusherOptions> customise) {
        PusherOptions options = new PusherOptions().setHost(TestNode.HOST).setWsPort(port).setUseTLS(false)
                .setMaxReconnectionAttempts(0);
        customise.accept(options);
        JavaClient client = new JavaClient(new Pusher(appKey, options));
        client.pusher.connect(client.new Recorder(), ConnectionState.ALL);
        return client;
    }

    Pusher pusher() {
        return pusher;
    }

    String socketId() {
        return pusher.getConnection().getSocketId();
    }

    ConnectionState state() {
        return pusher.getConnection().getState();
    }

    List<ConnectionState> states() {
        return List.copyOf(states);
    }

    List<Error> errors() {
        return List.copyOf(errors);
    }

    void awaitState(ConnectionState state) {
        await("connection state " + state + " (states " + states + ", errors " + errors + ")")
                .atMost(RawPusherClient.TIMEOUT).until(() -> state() == state);
    }

    ChannelRecorder subscribe(String channel) {
        return recorded(recorder -> pusher.subscribe(channel, recorder));
    }

    ChannelRecorder subscribePrivate(String channel) {
        return recorded(recorder -> pusher.subscribePrivate(channel, recorder));
    }

    ChannelRecorder subscribeEncrypted(String channel) {
        return recorded(recorder -> pusher.subscribePrivateEncrypted(channel, recorder));
    }

    ChannelRecorder subscribePresence(String channel) {
        return recorded(recorder -> pusher.subscribePresence(channel, recorder));
    }

    /** Subscribes with a new recorder as the channel's listener and for every event on it. */
    private static ChannelRecorder recorded(Function<ChannelRecorder, Channel> subscribe) {
        ChannelRecorder recorder = new ChannelRecorder();
        subscribe.apply(recorder).bindGlobal(recorder);
        return recorder;
    }

    /** Sends a client event the way the library does (data as a JSON string). */
    void trigger(String channel, String event, String data) {
        PrivateChannel target = channel.startsWith("presence-") ? pusher.getPresenceChannel(channel) : pusher.getPrivateChannel(channel);
        target.trigger(event, data);
    }

    static UserAuthenticator signingAs(String userData) {
        return socketId -> LocalAuth.signinResponse(socketId, userData);
    }

    @Override
    public void close() {
        if (state() != ConnectionState.DISCONNECTED) {
            pusher.disconnect();
            awaitState(ConnectionState.DISCONNECTED);
        }
    }

    private final class Recorder implements ConnectionEventListener {
        @Override
        public void onConnectionStateChange(ConnectionStateChange change) {
            states.add(change.getCurrentState());
        }

        @Override
        public void onError(String message, String code, Exception e) {
            errors.add(new Error(message, code));
        }
    }
}
