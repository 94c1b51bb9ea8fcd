package io.herald.sender;

import io.herald.webhook.LeasedJob;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;

/**
 * A leased job this sender holds. It is settled (completed, retried or dead-lettered) exactly
 * once, whether by its worker or by {@code close()} taking it back; its HTTP call can be
 * cancelled from another thread.
 */
final class InFlight {

    private final LeasedJob leased;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Call call;
    private volatile boolean cancelled;

    InFlight(LeasedJob leased) {
        this.leased = leased;
    }

    LeasedJob leased() {
        return leased;
    }

    void started(Call call) {
        this.call = call;
        if (cancelled) {
            call.cancel();
        }
    }

    void cancel() {
        cancelled = true;
        Call current = call;
        if (current != null) {
            current.cancel();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Runs {@code settlement} unless the job was settled already; true when it ran. */
    boolean settle(Runnable settlement) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        settlement.run();
        return true;
    }
}
