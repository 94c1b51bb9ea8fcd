package io.herald.bench.webhook;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the receiver needs from a webhook body without decoding it:
 * {@code {"time_ms":1700000000000,"events":[{"name":"client_event",...},...]}}. The receiver reads
 * every request on its event loop, and on a machine shared with the node its CPU is the node's.
 */
final class WebhookBody {

    private static final byte[] TIME_MS = "{\"time_ms\":".getBytes(StandardCharsets.US_ASCII);
    /** Opens every event object; inside client-event data the quotes are escaped, so it never matches there. */
    private static final byte[] EVENT = "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);

    private WebhookBody() {}

    /** The body's {@code time_ms} (when Herald made the job), or -1 when it does not start with one. */
    static long timeMillis(ByteBuf body) {
        int at = body.readerIndex();
        int end = body.writerIndex();
        if (!startsWith(body, at, TIME_MS)) {
            return -1;
        }
        at += TIME_MS.length;
        long value = 0;
        int digits = 0;
        while (at < end && digits < 18) {
            byte b = body.getByte(at);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            digits++;
            at++;
        }
        return digits == 0 ? -1 : value;
    }

    /** Events in the body: the objects of its {@code events} array, of any type. */
    static int eventCount(ByteBuf body) {
        int count = 0;
        int at = body.readerIndex();
        int end = body.writerIndex();
        while (at < end) {
            int open = body.indexOf(at, end, (byte) '{');
            if (open < 0) {
                break;
            }
            if (startsWith(body, open, EVENT)) {
                count++;
            }
            at = open + 1;
        }
        return count;
    }

    private static boolean startsWith(ByteBuf body, int at, byte[] expected) {
        if (at + expected.length > body.writerIndex()) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (body.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
