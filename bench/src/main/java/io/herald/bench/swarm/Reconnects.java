package io.herald.bench.swarm;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What subscribers told to reconnect (close codes 4200 to 4299, a node draining) went through, for
 * runs given other nodes to reconnect to. The histogram travels encoded as in {@link SwarmReport}.
 *
 * @param told subscribed connections closed with a reconnect code
 * @param resubscribed of them, subscribed again on another node
 * @param attemptsFailed reconnection attempts that failed (each one tried on another node), by cause
 * @param gaveUp subscribers that failed every attempt ({@link io.herald.bench.client.ReconnectBackoff#MAX_ATTEMPTS}; also counted as dropped)
 * @param missedEvents measured events published between a subscriber's last delivery before the
 *     close and its first after resubscribing: the Pusher protocol replays nothing, so these are the
 *     part of the run's sequence gaps due to moving, not to loss while subscribed
 * @param resubscribeHistogram microseconds from the close frame to {@code subscription_succeeded} on the new node
 */
public record Reconnects(long told, long resubscribed, Map<String, Long> attemptsFailed, long gaveUp, long missedEvents,
        String resubscribeHistogram) {

    public static Reconnects none() {
        return new Reconnects(0, 0, Map.of(), 0, 0, SwarmReport.encode(SwarmReport.emptyHistogram()));
    }

    public Histogram resubscribeMicros() {
        return SwarmReport.decode(resubscribeHistogram);
    }

    public static Reconnects merge(List<Reconnects> parts) {
        long told = 0;
        long resubscribed = 0;
        long gaveUp = 0;
        long missed = 0;
        Map<String, Long> failed = new TreeMap<>();
        Histogram times = SwarmReport.emptyHistogram();
        for (Reconnects part : parts) {
            if (part == null) {
                continue;
            }
            told += part.told;
            resubscribed += part.resubscribed;
            gaveUp += part.gaveUp;
            missed += part.missedEvents;
            part.attemptsFailed.forEach((cause, n) -> failed.merge(cause, n, Long::sum));
            times.add(part.resubscribeMicros());
        }
        return new Reconnects(told, resubscribed, failed, gaveUp, missed, SwarmReport.encode(times));
    }
}
