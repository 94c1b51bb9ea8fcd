package io.herald.channel;

import io.herald.app.AppConfig;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces the announcements of a channel's subscription count: at once for channels of up to 100
 * subscribers, else at most every 5 s with the latest count. Presence and user channels have no
 * count to announce. The pace is kept on this node's part of the channel; a channel with no
 * subscribers here (a count changed by another node's clean-up) is announced at once.
 */
public final class SubscriptionCounts {

    /** Channels above this many subscribers announce subscription_count at most every 5 s. */
    private static final int THROTTLE_THRESHOLD = 100;
    private static final long THROTTLE_MILLIS = 5_000;

    /** Where a count goes when its time comes: subscribers and webhooks. */
    @FunctionalInterface
    public interface Announcement {
        void announce(AppConfig app, String channel, int count);
    }

    private final LocalChannels channels;
    private final ScheduledExecutorService timer;
    private final LongSupplier clockMillis;
    private final Announcement announcement;

    public SubscriptionCounts(LocalChannels channels, ScheduledExecutorService timer, LongSupplier clockMillis,
            Announcement announcement) {
        this.channels = channels;
        this.timer = timer;
        this.clockMillis = clockMillis;
        this.announcement = announcement;
    }

    /** The channel's count across the cluster is now {@code count}. */
    public void changed(AppConfig app, String channelName, long count) {
        ChannelKind kind = ChannelName.kind(channelName);
        if (kind == ChannelKind.PRESENCE || kind == ChannelKind.USER) {
            return;
        }
        int clamped = (int) Math.min(Integer.MAX_VALUE, count);
        LocalChannel channel = channels.find(app.id(), channelName);
        if (channel == null) {
            announcement.announce(app, channelName, clamped);
            return;
        }
        channel.latestCount = clamped;
        long now = clockMillis.getAsLong();
        if (clamped <= THROTTLE_THRESHOLD) {
            channel.lastCountBroadcastMillis = now;
            announcement.announce(app, channelName, clamped);
            return;
        }
        long wait = channel.lastCountBroadcastMillis + THROTTLE_MILLIS - now;
        if (wait <= 0) {
            channel.lastCountBroadcastMillis = now;
            announcement.announce(app, channelName, clamped);
        } else if (!channel.countBroadcastPending) {
            channel.countBroadcastPending = true;
            timer.schedule(() -> {
                channel.countBroadcastPending = false;
                channel.lastCountBroadcastMillis = clockMillis.getAsLong();
                announcement.announce(app, channelName, channel.latestCount);
            }, wait, TimeUnit.MILLISECONDS);
        }
    }
}
