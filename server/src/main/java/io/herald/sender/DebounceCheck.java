package io.herald.sender;

import io.herald.webhook.LeasedJob;

/**
 * Decides at send time whether a debounced end ({@code channel_vacated}, {@code member_removed},
 * {@code user_offline}) has been undone: its channel, member or user is present again. Used with
 * queues that cannot cancel a debounced job ({@link io.herald.webhook.WebhookQueue#cancels()});
 * the sender then drops the job without a request. Called on sender threads; may block.
 */
public interface DebounceCheck extends AutoCloseable {

    /** Sends every job. */
    DebounceCheck NONE = job -> false;

    /** True when the job is a debounced end whose channel, member or user is back; false when in doubt. */
    boolean undone(LeasedJob job);

    @Override
    default void close() { }
}
