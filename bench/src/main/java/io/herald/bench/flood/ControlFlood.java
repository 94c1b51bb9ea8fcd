package io.herald.bench.flood;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client that sends control frames (pings or unsolicited pongs) back to back and
 * never reads what the server answers. Writes block once the server stops taking frames; the run
 * ends when every frame is written, when the server ends the connection, or when no frame has
 * been taken for the stall timeout (the server holds the connection open but no longer reads it).
 */
final class ControlFlood {

    /** How a run ended. */
    enum End { COMPLETED, CLOSED_BY_SERVER, STALLED }

    record Outcome(End end, long framesSent, long nanos, String detail) {}

    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket = new Socket();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean stalled = new AtomicBoolean();

    /** Connects and completes the upgrade; {@code receiveBuffer} bytes (0: system default) keep the client's window small. */
    ControlFlood(URI url, int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        int port = url.getPort() > 0 ? url.getPort() : 80;
        socket.connect(new InetSocketAddress(url.getHost(), port), HANDSHAKE_TIMEOUT_MILLIS);
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("the upgrade was refused: " + head.lines().findFirst().orElse(head));
        }
    }

    /** Frames the server has taken so far. */
    long framesSent() {
        return sent.get();
    }

    /**
     * Sends {@code count} frames of {@code payloadSize} bytes (at most 125), {@code framesPerWrite}
     * to a write call, then returns how it went.
     */
    Outcome run(FloodFrame kind, int payloadSize, long count, int framesPerWrite, Duration stallTimeout) {
        byte[] frame = maskedFrame(kind.opcode(), payloadSize);
        byte[] batch = new byte[frame.length * framesPerWrite];
        for (int i = 0; i < framesPerWrite; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        Thread watchdog = startWatchdog(stallTimeout);
        long start = System.nanoTime();
        try {
            OutputStream out = socket.getOutputStream();
            while (sent.get() < count) {
                int frames = (int) Math.min(framesPerWrite, count - sent.get());
                out.write(batch, 0, frames * frame.length);
                sent.addAndGet(frames);
            }
            out.flush();
            return new Outcome(End.COMPLETED, sent.get(), System.nanoTime() - start, "every frame was written");
        } catch (IOException e) {
            End end = stalled.get() ? End.STALLED : End.CLOSED_BY_SERVER;
            String detail = stalled.get()
                    ? "the server took no frame for " + stallTimeout.toSeconds() + " s but kept the connection open"
                    : "the server ended the connection: " + e.getMessage();
            return new Outcome(end, sent.get(), System.nanoTime() - start, detail);
        } finally {
            watchdog.interrupt();
        }
    }

    /** Closes the socket without a closing handshake. */
    void abort() throws IOException {
        socket.close();
    }

    private Thread startWatchdog(Duration stallTimeout) {
        Thread watchdog = new Thread(() -> {
            long last = -1;
            long lastChangeNanos = System.nanoTime();
            try {
                while (true) {
                    Thread.sleep(200);
                    long now = sent.get();
                    if (now != last) {
                        last = now;
                        lastChangeNanos = System.nanoTime();
                    } else if (System.nanoTime() - lastChangeNanos >= stallTimeout.toNanos()) {
                        stalled.set(true);
                        socket.close();
                        return;
                    }
                }
            } catch (InterruptedException | IOException e) {
                // the run ended first
            }
        }, "flood-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static byte[] maskedFrame(int opcode, int payloadSize) {
        if (payloadSize < 0 || payloadSize > 125) {
            throw new IllegalArgumentException("a control frame carries 0 to 125 bytes, not " + payloadSize);
        }
        byte[] frame = new byte[2 + 4 + payloadSize];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payloadSize);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payloadSize; i++) {
            frame[6 + i] = (byte) ('a' + i % 26 ^ mask[i & 3]);
        }
        return frame;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection during the upgrade: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
