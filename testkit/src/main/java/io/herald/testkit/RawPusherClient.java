package io.herald.testkit;

import static org.awaitility.Awaitility.await;

import io.herald.auth.Signatures;
import io.herald.json.JsonText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A WebSocket client that speaks Pusher by hand, for what the official clients cannot send (bad
 * JSON, odd protocol versions, oversized frames) and for asserting exact frame shapes. It records
 * every text frame in arrival order, WebSocket pongs, and the close code and reason; the
 * {@code await*} methods wait up to {@link #TIMEOUT}. WebSocket pings are answered automatically
 * (the JDK client does so), which counts as activity for the server.
 */
public final class RawPusherClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The query pusher-js 8 sends. */
    public static final String JS_QUERY = "?protocol=7&client=js&version=8.4.0&flash=false";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<PusherFrame> frames = new CopyOnWriteArrayList<>();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final String appKey;
    private final String appSecret;
    private volatile Close close;
    private volatile long closedAtNanos;
    private volatile Throwable failure;
    private WebSocket socket;

    /** Close code recorded when the connection broke without a close frame. */
    public static final int NO_CLOSE_FRAME = -1;

    /** The close frame the server sent, or {@link #NO_CLOSE_FRAME} and the error. */
    public record Close(int code, String reason) {}

    private RawPusherClient(String appKey, String appSecret) {
        this.appKey = appKey;
        this.appSecret = appSecret;
    }

    /** Connects to the demo app as pusher-js would. */
    public static RawPusherClient connect(TestNode node) {
        return connect(node.wsUrl(TestNode.APP_KEY) + JS_QUERY);
    }

    /** Connects to any URL; signatures use the demo app's key and secret. */
    public static RawPusherClient connect(String url) {
        return connect(url, TestNode.APP_KEY, TestNode.APP_SECRET);
    }

    /** Connects to any URL; signatures use {@code appKey} and {@code appSecret}. */
    public static RawPusherClient connect(String url, String appKey, String appSecret) {
        return connect(url, appKey, appSecret, null);
    }

    /** Connects as a browser on a page of {@code origin} would (its {@code Origin} header). */
    public static RawPusherClient connectFrom(String origin, String url) {
        return connect(url, TestNode.APP_KEY, TestNode.APP_SECRET, origin);
    }

    private static RawPusherClient connect(String url, String appKey, String appSecret, String origin) {
        RawPusherClient client = new RawPusherClient(appKey, appSecret);
        try {
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
            if (origin != null) {
                builder.header("Origin", origin);
            }
            client.socket = builder
                    .buildAsync(URI.create(url), client.new Recorder())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("WebSocket upgrade to " + url + " failed", e);
        }
        return client;
    }

    // ---- sending

    /** Sends one text frame, waiting until it is written. */
    public synchronized void send(String text) {
        try {
            socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("sending failed: " + abbreviate(text), e);
        }
    }

    /** Sends a WebSocket ping frame; {@link #awaitWebSocketPong()} waits for the answer. */
    public synchronized void sendPing() {
        try {
            socket.sendPing(ByteBuffer.wrap("herald".getBytes(StandardCharsets.UTF_8)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ping failed", e);
        }
    }

    public void sendEvent(String event, String dataJson) {
        send("{\"event\":" + JsonText.quote(event) + ",\"data\":" + dataJson + "}");
    }

    public void subscribe(String channel) {
        sendEvent("pusher:subscribe", "{\"channel\":" + JsonText.quote(channel) + "}");
    }

    public void subscribe(String channel, String auth) {
        sendEvent("pusher:subscribe", "{\"channel\":" + JsonText.quote(channel) + ",\"auth\":" + JsonText.quote(auth) + "}");
    }

    public void subscribe(String channel, String auth, String channelData) {
        sendEvent("pusher:subscribe", "{\"channel\":" + JsonText.quote(channel) + ",\"auth\":" + JsonText.quote(auth)
                + ",\"channel_data\":" + JsonText.quote(channelData) + "}");
    }

    /** Subscribes to a private or encrypted channel with a correct signature. */
    public void subscribePrivate(String channel) {
        subscribe(channel, Signatures.channelAuth(appKey, appSecret, socketId(), channel));
    }

    /** Subscribes to a presence channel with a correct signature over {@code channelData}. */
    public void subscribePresence(String channel, String channelData) {
        subscribe(channel, Signatures.presenceAuth(appKey, appSecret, socketId(), channel, channelData), channelData);
    }

    public void unsubscribe(String channel) {
        sendEvent("pusher:unsubscribe", "{\"channel\":" + JsonText.quote(channel) + "}");
    }

    /** Signs in with a correct signature over {@code userData}. */
    public void signin(String userData) {
        signin(Signatures.signinAuth(appKey, appSecret, socketId(), userData), userData);
    }

    public void signin(String auth, String userData) {
        sendEvent("pusher:signin", "{\"auth\":" + JsonText.quote(auth) + ",\"user_data\":" + JsonText.quote(userData) + "}");
    }

    /** Sends a client event whose {@code data} is the JSON text given (object, string, ...). */
    public void trigger(String channel, String event, String dataJson) {
        send("{\"event\":" + JsonText.quote(event) + ",\"channel\":" + JsonText.quote(channel) + ",\"data\":" + dataJson + "}");
    }

    // ---- waiting and reading

    /** The socket id from {@code pusher:connection_established}, waiting for it. */
    public String socketId() {
        return awaitEvent("pusher:connection_established").dataJson().path("socket_id").asText();
    }

    /** Every text frame so far, in arrival order. */
    public List<PusherFrame> frames() {
        return List.copyOf(frames);
    }

    /** How many frames have arrived; a mark for {@link #awaitFrameAfter} and {@link #framesAfter}. */
    public int mark() {
        return frames.size();
    }

    public List<PusherFrame> framesAfter(int mark) {
        List<PusherFrame> all = frames();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    public List<PusherFrame> framesMatching(Predicate<PusherFrame> predicate) {
        return frames().stream().filter(predicate).toList();
    }

    /** The first frame ever received that matches, waiting for it. */
    public PusherFrame awaitFrame(Predicate<PusherFrame> predicate) {
        return awaitFrameAfter(0, predicate);
    }

    /** The first frame at or after position {@code mark} that matches, waiting for it. */
    public PusherFrame awaitFrameAfter(int mark, Predicate<PusherFrame> predicate) {
        return await("a matching frame after #" + mark + " (frames: " + abbreviate(frames.toString()) + ")")
                .atMost(TIMEOUT)
                .until(() -> framesAfter(mark).stream().filter(predicate).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** Waits until {@code count} frames match, returning them. */
    public List<PusherFrame> awaitFrames(Predicate<PusherFrame> predicate, int count) {
        return await("" + count + " matching frames").atMost(TIMEOUT)
                .until(() -> framesMatching(predicate), list -> list.size() >= count);
    }

    public PusherFrame awaitEvent(String event) {
        return awaitFrame(frame -> frame.is(event));
    }

    public PusherFrame awaitEvent(String event, String channel) {
        return awaitFrame(frame -> frame.is(event, channel));
    }

    /** Waits for {@code pusher_internal:subscription_succeeded} on {@code channel}. */
    public PusherFrame awaitSubscribed(String channel) {
        return awaitEvent("pusher_internal:subscription_succeeded", channel);
    }

    /**
     * Sends {@code pusher:ping} and waits for the {@code pusher:pong} it causes. The server handles
     * a connection's frames in order, so afterwards every reply to what was sent before is here.
     */
    public void roundTrip() {
        int mark = mark();
        send("{\"event\":\"pusher:ping\",\"data\":{}}");
        awaitFrameAfter(mark, frame -> frame.is("pusher:pong"));
    }

    /** Waits for the server's close frame. */
    public Close awaitClose() {
        await("the server to close the connection").atMost(TIMEOUT).until(() -> close != null);
        return close;
    }

    /** {@link System#nanoTime()} when the close frame (or the error) arrived; 0 while open. */
    public long closedAtNanos() {
        return closedAtNanos;
    }

    public boolean isClosed() {
        return close != null;
    }

    /** Null unless the connection ended with an error. */
    public Throwable failure() {
        return failure;
    }

    public void awaitWebSocketPong() {
        await("a WebSocket pong").atMost(TIMEOUT).until(() -> pongs.get() > 0);
    }

    /** WebSocket ping frames received from the server. */
    public int webSocketPings() {
        return pings.get();
    }

    @Override
    public void close() {
        if (socket == null || socket.isOutputClosed()) {
            return;
        }
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    /** Records what the server sends; asks for one message at a time. */
    private final class Recorder implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(PusherFrame.parse(frames.size(), partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedAtNanos = System.nanoTime();
            close = new Close(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failure = error;
            if (close == null) {
                closedAtNanos = System.nanoTime();
                close = new Close(NO_CLOSE_FRAME, String.valueOf(error));
            }
        }
    }
}
