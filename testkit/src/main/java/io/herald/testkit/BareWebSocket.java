package io.herald.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain TCP socket that does only what a test tells it: it reads only when
 * asked and never answers pings, so it can play a dead peer (no pong) or a slow consumer (never
 * reads). Every read waits at most {@link RawPusherClient#TIMEOUT}. Not thread-safe.
 */
public final class BareWebSocket implements AutoCloseable {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<Frame> frames = new ArrayList<>();

    /** One frame as received; a continuation is kept as its own frame. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public PusherFrame pusher() {
            return PusherFrame.parse(-1, text());
        }

        /** The status code of a close frame, or -1 when it carries none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        /** The reason of a close frame, after its code. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        @Override
        public String toString() {
            return opcode == OP_TEXT ? "text " + text() : "opcode " + opcode + " (" + payload.length + " bytes)";
        }
    }

    private BareWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection and completes the upgrade. {@code receiveBufferSize} (0 for the system
     * default) is set before connecting so that the TCP window stays small.
     */
    public static BareWebSocket open(String host, int port, String pathAndQuery, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        int timeout = (int) RawPusherClient.TIMEOUT.toMillis();
        socket.connect(new InetSocketAddress(host, port), timeout);
        socket.setSoTimeout(timeout);
        BareWebSocket client = new BareWebSocket(socket);
        client.upgrade(host, port, pathAndQuery);
        return client;
    }

    /** Opens a connection to the demo app as pusher-js would. */
    public static BareWebSocket open(TestNode node, int receiveBufferSize) throws IOException {
        return open(TestNode.HOST, node.port(), "/app/" + TestNode.APP_KEY + RawPusherClient.JS_QUERY, receiveBufferSize);
    }

    private void upgrade(String host, int port, String pathAndQuery) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = RawHttp.readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    /** Sends a masked text frame, as a client must. */
    public void sendText(String text) throws IOException {
        sendFrame(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one masked frame with any opcode and payload, final or not: well-formed or not, as the test needs. */
    public void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        out.write(frame(fin, opcode, payload));
        out.flush();
    }

    /** Sends bytes as they are: a truncated frame, several frames in one write. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The bytes of one masked frame, for {@link #sendRaw} to send many at once. */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** A close frame's payload: the code, then the reason in UTF-8. */
    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    /** Reads the next frame (blocking, at most the timeout). */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        Frame frame = new Frame(first & 0x0F, payload);
        frames.add(frame);
        return frame;
    }

    /** Reads frames until one matches, and returns it. */
    public Frame readUntil(Predicate<Frame> predicate) throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (predicate.test(frame)) {
                return frame;
            }
        }
    }

    /** Reads until a Pusher text frame with this event, and returns it. */
    public PusherFrame readUntilEvent(String event) throws IOException {
        return readUntil(frame -> frame.opcode() == OP_TEXT && frame.pusher().is(event)).pusher();
    }

    /**
     * Reads until the server ends the connection: a close frame, end of stream or a reset. A
     * connection still open after the timeout fails with {@link java.net.SocketTimeoutException}.
     */
    public void readUntilEnd() throws IOException {
        try {
            readUntil(frame -> frame.opcode() == OP_CLOSE);
        } catch (EOFException | SocketException ended) {
            // the server dropped the connection without (or after) its close frame
        }
    }

    /** Every frame read so far, in order. */
    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
