package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the bus codec that every networked driver uses between nodes: whatever bytes arrive are
 * either one message or a {@link MalformedBusMessageException}, and a message has one encoding.
 */
class BusCodecFuzzTest {

    /**
     * Any payload decodes or is refused with {@link MalformedBusMessageException} (any other
     * exception fails the run); a payload that decodes is the exact encoding of what it decoded
     * to, so two nodes can never read one message two ways.
     */
    @FuzzTest
    void decodesOnlyCanonicalPayloads(byte[] payload) {
        BusMessage message;
        try {
            message = BusCodec.decode(payload);
        } catch (MalformedBusMessageException refused) {
            return;
        }
        assertThat(BusCodec.encode(message)).isEqualTo(payload);
    }

    /** Every message a node can build comes back equal after a trip over the wire. */
    @FuzzTest
    void roundTripsAnyMessage(FuzzedDataProvider data) {
        BusMessage.Type type = data.pickValue(BusMessage.Type.values());
        BusTopic topic = new BusTopic(type == BusMessage.Type.CHANNEL_EVENT ? BusTopic.Kind.CHANNEL : BusTopic.Kind.USER,
                wellFormed(data.consumeString(64)), wellFormed(data.consumeString(200)));
        String json = type == BusMessage.Type.TERMINATE && data.consumeBoolean() ? null : wellFormed(data.consumeString(2_000));
        String exclude = data.consumeBoolean() ? null : wellFormed(data.consumeString(40));
        BusMessage message = new BusMessage(topic, type, json, exclude, wellFormed(data.consumeRemainingAsString()));

        assertThat(BusCodec.decode(BusCodec.encode(message))).isEqualTo(message);
    }

    /** Lone surrogates are written as '?', as documented, so only well-formed strings come back equal. */
    private static String wellFormed(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(cp <= 0xFFFF && Character.isSurrogate((char) cp) ? '?' : cp));
        return out.toString();
    }
}
