package io.herald.bench.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The {@code data} of a bench event and how a subscriber reads it back from the raw frame.
 *
 * <p>The data is a JSON object in a string, {@code {"m":1,"seq":42,"sent":1717171717000000,"pad":"xx"}}:
 * {@code m} is 1 for events of the measured phase and 0 for warm-up, {@code seq} numbers the
 * publishes, {@code sent} is {@link BenchClock#nowMicros()} when the publish was sent, and
 * {@code pad} fills the data to the requested size. On the wire the data is a JSON string, so its
 * quotes arrive escaped; subscribers find the fields in the frame bytes without decoding the text,
 * because at a million deliveries a second the client's CPU is shared with the server's.
 */
public final class BenchPayload {

    private static final byte[] START = "{\\\"m\\\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = ",\\\"seq\\\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENT = ",\\\"sent\\\":".getBytes(StandardCharsets.US_ASCII);

    private BenchPayload() {}

    /** The data string of one event, padded to {@code payloadBytes} characters where possible. */
    public static String data(boolean measured, long seq, long sentMicros, int payloadBytes) {
        String head = "{\"m\":" + (measured ? 1 : 0) + ",\"seq\":" + seq + ",\"sent\":" + sentMicros + ",\"pad\":\"";
        String tail = "\"}";
        int pad = Math.max(0, payloadBytes - head.length() - tail.length());
        return head + "x".repeat(pad) + tail;
    }

    /** One decoded delivery; a subscriber reuses a single instance. */
    public static final class Delivery {
        public boolean measured;
        public long seq;
        public long sentMicros;
    }

    /**
     * Reads the bench fields from a text frame holding a channel event. Returns false (leaving
     * {@code into} unspecified) when the frame is not a bench event, such as a {@code pusher:} message.
     */
    public static boolean read(ByteBuf frame, Delivery into) {
        int start = frame.indexOf(frame.readerIndex() + 1, frame.writerIndex(), (byte) '{');
        return start >= 0 && readAt(frame, start, into) > 0;
    }

    /**
     * Finds the next bench event data at or after {@code from}, anywhere in the buffer, and reads
     * its fields into {@code into}. Answers the index just past what was read, to search on from,
     * or -1 when there is none. A webhook body carries the data of each client event as an
     * escaped string, exactly as a frame does, so this reads every bench event of one body.
     */
    public static int readNext(ByteBuf buffer, int from, Delivery into) {
        int end = buffer.writerIndex();
        int at = from;
        while (at < end) {
            int start = buffer.indexOf(at, end, (byte) '{');
            if (start < 0) {
                return -1;
            }
            int after = readAt(buffer, start, into);
            if (after > 0) {
                return after;
            }
            at = start + 1;
        }
        return -1;
    }

    /** Reads the fields of data starting at {@code start}; answers the index past them, or -1. */
    private static int readAt(ByteBuf frame, int start, Delivery into) {
        int end = frame.writerIndex();
        if (!matches(frame, start, START)) {
            return -1;
        }
        int at = start + START.length;
        if (at >= end) {
            return -1;
        }
        byte flag = frame.getByte(at);
        if (flag != '0' && flag != '1') {
            return -1;
        }
        into.measured = flag == '1';
        at++;
        if (!matches(frame, at, SEQ)) {
            return -1;
        }
        at += SEQ.length;
        int seqEnd = digitsEnd(frame, at, end);
        if (seqEnd == at || !matches(frame, seqEnd, SENT)) {
            return -1;
        }
        into.seq = parse(frame, at, seqEnd);
        at = seqEnd + SENT.length;
        int sentEnd = digitsEnd(frame, at, end);
        if (sentEnd == at) {
            return -1;
        }
        into.sentMicros = parse(frame, at, sentEnd);
        return sentEnd;
    }

    private static boolean matches(ByteBuf frame, int at, byte[] expected) {
        if (at + expected.length > frame.writerIndex()) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (frame.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int digitsEnd(ByteBuf frame, int from, int end) {
        int at = from;
        while (at < end && at - from < 19) {
            byte b = frame.getByte(at);
            if (b < '0' || b > '9') {
                break;
            }
            at++;
        }
        return at;
    }

    private static long parse(ByteBuf frame, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (frame.getByte(i) - '0');
        }
        return value;
    }
}
