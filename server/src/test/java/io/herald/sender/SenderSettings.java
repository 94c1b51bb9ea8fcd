package io.herald.sender;

import io.herald.config.WebhooksConfig;
import java.util.List;

/**
 * Webhook sender settings for tests, built from small defaults so that retries, windows and
 * breakers play out in well under a second; each test changes only what it is about.
 */
public final class SenderSettings {

    private int concurrency = 4;
    private int perEndpointConcurrency = 2;
    private int timeout = 1000;
    private List<Integer> retryDelays = List.of(50, 100);
    private int retryWindow = 120_000;
    private double jitter = 0.2;
    private int lease = 10_000;
    private int breakerFailures = 3;
    private int breakerProbeDelay = 60_000;
    private int breakerProbeMaxDelay = 60_000;
    private boolean blockPrivateNetworks;

    public static SenderSettings small() {
        return new SenderSettings();
    }

    public SenderSettings concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    public SenderSettings timeout(int timeout) {
        this.timeout = timeout;
        return this;
    }

    public SenderSettings retryWindow(int retryWindow) {
        this.retryWindow = retryWindow;
        return this;
    }

    public SenderSettings breaker(int failures, int probeDelay, int probeMaxDelay) {
        this.breakerFailures = failures;
        this.breakerProbeDelay = probeDelay;
        this.breakerProbeMaxDelay = probeMaxDelay;
        return this;
    }

    public SenderSettings lease(int lease) {
        this.lease = lease;
        return this;
    }

    public SenderSettings blockPrivateNetworks(boolean block) {
        this.blockPrivateNetworks = block;
        return this;
    }

    public WebhooksConfig.Sender build() {
        return new WebhooksConfig.Sender(true, concurrency, perEndpointConcurrency, timeout, retryDelays, retryWindow, jitter,
                lease, breakerFailures, breakerProbeDelay, breakerProbeMaxDelay, blockPrivateNetworks);
    }
}
