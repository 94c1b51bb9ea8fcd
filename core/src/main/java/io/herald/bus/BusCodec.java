package io.herald.bus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@link BusMessage} on the wire, the same for every networked driver:
 *
 * <pre>
 * version  1 byte   {@value #VERSION}
 * type     1 byte   1 channel event, 2 user event, 3 watchlist event, 4 terminate, 5 presence event
 * kind     1 byte   1 channel, 2 user (the topic's kind)
 * then five strings: app id, topic name, json, exclude socket id, origin node id
 * and for a presence event two more: the member's user id, the presence version in decimal
 * </pre>
 *
 * Each string is an unsigned LEB128 varint holding its UTF-8 length plus one, then its bytes; a
 * varint of 0 is null (allowed only for json and the exclude socket id). The codes are written out
 * rather than taken from enum ordinals so that reordering an enum cannot change the wire format.
 *
 * <p>Decoding is strict: a wrong version or code, a truncated or overlong field, bytes that are not
 * UTF-8, a missing required field, trailing bytes or a message {@link BusMessage} refuses all throw
 * {@link MalformedBusMessageException}, and nothing else. A Java string that is not well-formed
 * Unicode (a lone surrogate) is encoded as UTF-8 encodes it, with {@code ?} in its place.
 */
public final class BusCodec {

    public static final byte VERSION = 1;

    /** Five bytes carry any non-negative int in seven-bit groups. */
    private static final int MAX_VARINT_BYTES = 5;

    private BusCodec() {}

    public static byte[] encode(BusMessage message) {
        BusTopic topic = message.topic();
        BusMessage.PresenceChange presence = message.presence();
        byte[][] strings = presence == null
                ? new byte[][] {utf8(topic.appId()), utf8(topic.name()), utf8(message.json()),
                    utf8(message.excludeSocketId()), utf8(message.originNodeId())}
                : new byte[][] {utf8(topic.appId()), utf8(topic.name()), utf8(message.json()),
                    utf8(message.excludeSocketId()), utf8(message.originNodeId()), utf8(presence.userId()),
                    utf8(Long.toString(presence.version()))};
        int size = 3;
        for (byte[] s : strings) {
            size += varintSize(s == null ? 0 : s.length + 1) + (s == null ? 0 : s.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).put(typeCode(message.type())).put(kindCode(topic.kind()));
        for (byte[] s : strings) {
            putVarint(out, s == null ? 0 : s.length + 1);
            if (s != null) {
                out.put(s);
            }
        }
        return out.array();
    }

    /** The message in {@code payload}; throws {@link MalformedBusMessageException} for anything else. */
    public static BusMessage decode(byte[] payload) {
        if (payload == null || payload.length < 3) {
            throw new MalformedBusMessageException("bus message too short: " + (payload == null ? "null" : payload.length + " bytes"));
        }
        if (payload[0] != VERSION) {
            throw new MalformedBusMessageException("bus message of unknown version " + (payload[0] & 0xff) + " (this node reads " + VERSION + ")");
        }
        BusMessage.Type type = typeOf(payload[1]);
        BusTopic.Kind kind = kindOf(payload[2]);
        Reader in = new Reader(payload, 3);
        String appId = in.required("app id");
        String name = in.required("topic name");
        String json = in.optional("json");
        String exclude = in.optional("exclude socket id");
        String origin = in.required("origin node id");
        BusMessage.PresenceChange presence = type == BusMessage.Type.PRESENCE_EVENT
                ? new BusMessage.PresenceChange(in.required("presence user id"), version(in.required("presence version")))
                : null;
        in.requireEnd();
        try {
            return new BusMessage(new BusTopic(kind, appId, name), type, json, exclude, origin, presence);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedBusMessageException("bus message refused: " + e.getMessage(), e);
        }
    }

    private static long version(String decimal) {
        try {
            long version = Long.parseLong(decimal);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedBusMessageException("bus message with a presence version that is not a number: " + decimal);
    }

    private static byte typeCode(BusMessage.Type type) {
        return switch (type) {
            case CHANNEL_EVENT -> 1;
            case USER_EVENT -> 2;
            case WATCHLIST_EVENT -> 3;
            case TERMINATE -> 4;
            case PRESENCE_EVENT -> 5;
        };
    }

    private static BusMessage.Type typeOf(byte code) {
        return switch (code) {
            case 1 -> BusMessage.Type.CHANNEL_EVENT;
            case 2 -> BusMessage.Type.USER_EVENT;
            case 3 -> BusMessage.Type.WATCHLIST_EVENT;
            case 4 -> BusMessage.Type.TERMINATE;
            case 5 -> BusMessage.Type.PRESENCE_EVENT;
            default -> throw new MalformedBusMessageException("bus message of unknown type " + (code & 0xff));
        };
    }

    private static byte kindCode(BusTopic.Kind kind) {
        return switch (kind) {
            case CHANNEL -> 1;
            case USER -> 2;
        };
    }

    private static BusTopic.Kind kindOf(byte code) {
        return switch (code) {
            case 1 -> BusTopic.Kind.CHANNEL;
            case 2 -> BusTopic.Kind.USER;
            default -> throw new MalformedBusMessageException("bus message of unknown topic kind " + (code & 0xff));
        };
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static void putVarint(ByteBuffer out, int value) {
        while ((value & ~0x7f) != 0) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /** Reads the strings of one payload, checking every length against what is left. */
    private static final class Reader {

        private final byte[] bytes;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        String required(String field) {
            String s = optional(field);
            if (s == null) {
                throw new MalformedBusMessageException("bus message without its " + field);
            }
            return s;
        }

        /** A string, or null when its varint is 0. */
        String optional(String field) {
            int lengthPlusOne = varint(field);
            if (lengthPlusOne == 0) {
                return null;
            }
            int length = lengthPlusOne - 1;
            if (length > bytes.length - position) {
                throw new MalformedBusMessageException("bus message truncated in its " + field + ": " + length
                        + " bytes announced, " + (bytes.length - position) + " left");
            }
            try {
                String s = utf8.decode(ByteBuffer.wrap(bytes, position, length)).toString();
                position += length;
                return s;
            } catch (CharacterCodingException e) {
                throw new MalformedBusMessageException("bus message with a " + field + " that is not UTF-8", e);
            }
        }

        void requireEnd() {
            if (position != bytes.length) {
                throw new MalformedBusMessageException("bus message with " + (bytes.length - position) + " unexpected trailing bytes");
            }
        }

        private int varint(String field) {
            long value = 0;
            for (int i = 0; i < MAX_VARINT_BYTES; i++) {
                if (position >= bytes.length) {
                    throw new MalformedBusMessageException("bus message truncated before its " + field);
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << (7 * i);
                if ((b & 0x80) == 0) {
                    // A zero last group after the first is an overlong form: one value, one encoding.
                    if (value > Integer.MAX_VALUE || (b == 0 && i > 0)) {
                        break;
                    }
                    return (int) value;
                }
            }
            throw new MalformedBusMessageException("bus message with an invalid length of its " + field);
        }
    }
}
