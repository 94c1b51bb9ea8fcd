package io.herald.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Encodes a message as one complete, unmasked WebSocket text frame (header and payload in one
 * buffer). Fan-out writes {@code retainedDuplicate()}s of that buffer to every subscriber, below
 * the WebSocket encoder, so a message is serialised and framed once per node.
 */
public final class TextFrames {

    private static final int FIN_TEXT = 0x81;

    private TextFrames() {}

    public static ByteBuf encode(ByteBufAllocator alloc, String json) {
        int payload = ByteBufUtil.utf8Bytes(json);
        ByteBuf frame = alloc.directBuffer(headerSize(payload) + payload);
        frame.writeByte(FIN_TEXT);
        if (payload < 126) {
            frame.writeByte(payload);
        } else if (payload <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(payload);
        } else {
            frame.writeByte(127);
            frame.writeLong(payload);
        }
        ByteBufUtil.reserveAndWriteUtf8(frame, json, payload);
        return frame;
    }

    /** The bytes {@link #encode} produces for {@code json}: header and payload. */
    public static int encodedSize(String json) {
        int payload = ByteBufUtil.utf8Bytes(json);
        return headerSize(payload) + payload;
    }

    private static int headerSize(int payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }
}
