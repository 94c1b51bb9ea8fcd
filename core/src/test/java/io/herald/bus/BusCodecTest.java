package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BusCodecTest {

    private static final BusMessage EVENT = new BusMessage(BusTopic.channel("app-1", "presence-room"), BusMessage.Type.CHANNEL_EVENT,
            "{\"event\":\"greet\",\"channel\":\"presence-room\",\"data\":\"{\\\"text\\\":\\\"héllo ✓ 日本 🎉\\\"}\"}", "123.456", "node-a");

    @Test
    void roundTripsEveryTypeWithUnicodeAndNulls() {
        List<BusMessage> messages = List.of(
                EVENT,
                new BusMessage(BusTopic.channel("app-1", "private-a"), BusMessage.Type.CHANNEL_EVENT, "{}", null, "n"),
                new BusMessage(BusTopic.user("app-1", "ユーザー 🎉:.*>"), BusMessage.Type.USER_EVENT, "{\"event\":\"x\"}", null, "node-b"),
                new BusMessage(BusTopic.user("app.2", "u"), BusMessage.Type.WATCHLIST_EVENT, "{\"event\":\"online\"}", "1.2", "node-c"),
                new BusMessage(BusTopic.user("app-1", "u-1"), BusMessage.Type.TERMINATE, null, null, "node-d"),
                new BusMessage(BusTopic.channel("app-1", "presence-room"), BusMessage.Type.PRESENCE_EVENT, "{}", "1.2", "node-e",
                        new BusMessage.PresenceChange("ユーザー 🎉", 1_733_600_000_123_456L)),
                new BusMessage(BusTopic.user("", ""), BusMessage.Type.USER_EVENT, "", "", ""));

        for (BusMessage m : messages) {
            assertThat(BusCodec.decode(BusCodec.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void roundTripsLongFields() {
        String json = "{\"data\":\"" + "é".repeat(100_000) + "\"}";
        BusMessage big = new BusMessage(BusTopic.user("a", "x".repeat(5_000)), BusMessage.Type.USER_EVENT, json, null, "n");

        assertThat(BusCodec.decode(BusCodec.encode(big))).isEqualTo(big);
    }

    @Test
    void writesTheDocumentedLayout() {
        BusMessage m = new BusMessage(BusTopic.user("a", "é"), BusMessage.Type.TERMINATE, null, "", "n");

        assertThat(BusCodec.encode(m)).containsExactly(1, 4, 2, 2, 'a', 3, 0xc3, 0xa9, 0, 1, 2, 'n');
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] whole = BusCodec.encode(EVENT);

        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> BusCodec.decode(cut)).as("first %d bytes", length).isInstanceOf(MalformedBusMessageException.class);
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] longer = Arrays.copyOf(BusCodec.encode(EVENT), BusCodec.encode(EVENT).length + 1);

        assertThatThrownBy(() -> BusCodec.decode(longer)).isInstanceOf(MalformedBusMessageException.class).hasMessageContaining("trailing");
    }

    @Test
    void rejectsUnknownVersionTypeAndKind() {
        assertRejected(patched(0, 2), "version 2");
        assertRejected(patched(1, 0), "type 0");
        assertRejected(patched(1, 6), "type 6");
        assertRejected(patched(2, 3), "topic kind 3");
    }

    @Test
    void rejectsATypeThatDoesNotGoToItsTopicKind() {
        assertRejected(patched(2, 2), "CHANNEL_EVENT does not go to a USER topic");
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertRejected(payload(1, 1, 1, null, "c", "{}", null, "n"), "app id");
        assertRejected(payload(1, 1, 1, "a", null, "{}", null, "n"), "topic name");
        assertRejected(payload(1, 1, 1, "a", "c", "{}", null, null), "origin node id");
        assertRejected(payload(1, 1, 1, "a", "c", null, null, "n"), "json");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] good = payload(1, 1, 1, "a", "cé", "{}", null, "n");
        int e = indexOf(good, (byte) 0xc3);
        byte[] bad = good.clone();
        bad[e + 1] = '(';

        assertRejected(bad, "not UTF-8");
    }

    @Test
    void rejectsOverlongAndOversizedLengths() {
        assertRejected(new byte[] {1, 1, 1, (byte) 0x82, 0, 'a'}, "invalid length");
        assertRejected(new byte[] {1, 1, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}, "invalid length");
        assertRejected(new byte[] {1, 1, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}, "truncated");
        assertRejected(new byte[] {1, 1, 1, 100, 'a'}, "truncated");
    }

    @Test
    void garbageOnlyEverThrowsMalformed() {
        Random random = new Random(42);
        byte[] valid = BusCodec.encode(EVENT);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage;
            if (i % 2 == 0) {
                garbage = new byte[random.nextInt(64)];
                random.nextBytes(garbage);
            } else {
                garbage = valid.clone();
                garbage[random.nextInt(garbage.length)] = (byte) random.nextInt(256);
            }
            try {
                BusCodec.decode(garbage);
            } catch (MalformedBusMessageException expected) {
                // The only failure decode may have.
            }
        }
        assertThatThrownBy(() -> BusCodec.decode(null)).isInstanceOf(MalformedBusMessageException.class);
    }

    private static byte[] patched(int index, int value) {
        byte[] b = BusCodec.encode(EVENT);
        b[index] = (byte) value;
        return b;
    }

    private static void assertRejected(byte[] payload, String reason) {
        assertThatThrownBy(() -> BusCodec.decode(payload)).isInstanceOf(MalformedBusMessageException.class).hasMessageContaining(reason);
    }

    /** A payload written by hand, so it can hold what {@link BusMessage} would refuse. */
    private static byte[] payload(int version, int type, int kind, String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(version);
        out.write(type);
        out.write(kind);
        for (String s : strings) {
            if (s == null) {
                out.write(0);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.write(b.length + 1);
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no " + b);
    }
}
