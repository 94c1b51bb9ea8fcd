package io.herald.bench.swarm;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The final account of one or more swarms. The latency histogram travels as HdrHistogram's
 * compressed encoding in base64, so reports of forked processes merge without losing precision.
 *
 * @param failures connections that never subscribed, by cause
 * @param drops subscribed connections that ended before the bench closed them, by cause
 * @param subscribedPerChannel subscribers per channel index, for the expected delivery count
 * @param receivedPerChannel distinct measured deliveries per channel index, summed over its subscribers
 * @param outOfOrder measured deliveries whose seq was below the highest its connection had seen
 * @param duplicates measured deliveries whose seq had already reached the same connection
 * @param gaps sequence numbers missing between the lowest and highest each connection received, summed
 * @param subscribersWithGaps connections with at least one such missing number
 * @param connectSeconds from the first connection started to the last subscribed (the longest of several processes)
 * @param reconnects the subscribers told to reconnect and how they came back
 */
public record SwarmReport(
        SwarmStatus status,
        Map<String, Long> failures,
        Map<String, Long> drops,
        int[] subscribedPerChannel,
        long[] receivedPerChannel,
        long outOfOrder,
        long duplicates,
        long gaps,
        int subscribersWithGaps,
        double connectSeconds,
        String latencyHistogram,
        Reconnects reconnects) {

    public SwarmReport(SwarmStatus status, Map<String, Long> failures, Map<String, Long> drops, int[] subscribedPerChannel,
            long[] receivedPerChannel, long outOfOrder, long duplicates, long gaps, int subscribersWithGaps,
            double connectSeconds, String latencyHistogram) {
        this(status, failures, drops, subscribedPerChannel, receivedPerChannel, outOfOrder, duplicates, gaps,
                subscribersWithGaps, connectSeconds, latencyHistogram, Reconnects.none());
    }

    public Histogram latency() {
        return decode(latencyHistogram);
    }

    /** The histogram {@link #encode} wrote. */
    public static Histogram decode(String encoded) {
        byte[] bytes = Base64.getDecoder().decode(encoded);
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), SwarmCounters.HIGHEST_MICROS);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt latency histogram in a worker report", e);
        }
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public static Histogram emptyHistogram() {
        return new Histogram(SwarmCounters.HIGHEST_MICROS, SwarmCounters.SIGNIFICANT_DIGITS);
    }

    public static SwarmReport merge(List<SwarmReport> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Map<String, Long> failures = new TreeMap<>();
        Map<String, Long> drops = new TreeMap<>();
        int[] perChannel = new int[parts.get(0).subscribedPerChannel.length];
        long[] received = new long[perChannel.length];
        long outOfOrder = 0;
        long duplicates = 0;
        long gaps = 0;
        int withGaps = 0;
        double connectSeconds = 0;
        Histogram latency = emptyHistogram();
        for (SwarmReport part : parts) {
            part.failures.forEach((cause, n) -> failures.merge(cause, n, Long::sum));
            part.drops.forEach((cause, n) -> drops.merge(cause, n, Long::sum));
            for (int i = 0; i < perChannel.length; i++) {
                perChannel[i] += part.subscribedPerChannel[i];
                received[i] += part.receivedPerChannel[i];
            }
            outOfOrder += part.outOfOrder;
            duplicates += part.duplicates;
            gaps += part.gaps;
            withGaps += part.subscribersWithGaps;
            connectSeconds = Math.max(connectSeconds, part.connectSeconds);
            latency.add(part.latency());
        }
        SwarmStatus status = SwarmStatus.sum(parts.stream().map(SwarmReport::status).toList());
        return new SwarmReport(status.withP99Micros(latency.getValueAtPercentile(99)), failures, drops, perChannel, received,
                outOfOrder, duplicates, gaps, withGaps, connectSeconds, encode(latency),
                Reconnects.merge(parts.stream().map(SwarmReport::reconnects).toList()));
    }
}
