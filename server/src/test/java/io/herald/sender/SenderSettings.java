package io.herald.sender;

import io.herald.config.WebhooksConfig;
import java.util.List;

/**
 * Webhook sender settings for tests, built from small defaults so that retries, windows and
 * breakers play out in well under a second; each test changes only what it is about.
 */
final class SenderSettings {

    private int concurrency = 4;
    private int perEndpointConcurrency = 2;
    private int timeout = 1000;
    private List<Integer> retryDelays = List.of(50, 100);
    private int retryWindow = 120_000;
    private double jitter = 0.2;
    private int lease = 10_000;
    private int breakerFailures = 3;
    private int breakerOpen = 60_000;
    private boolean blockPrivateNetworks;

    static SenderSettings small() {
        return new SenderSettings();
    }

    SenderSettings concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    SenderSettings timeout(int timeout) {
        this.timeout = timeout;
        return this;
    }

    SenderSettings retryWindow(int retryWindow) {
        this.retryWindow = retryWindow;
        return this;
    }

    SenderSettings lease(int lease) {
        this.lease = lease;
        return this;
    }

    SenderSettings blockPrivateNetworks(boolean block) {
        this.blockPrivateNetworks = block;
        return this;
    }

    WebhooksConfig.Sender build() {
        return new WebhooksConfig.Sender(true, concurrency, perEndpointConcurrency, timeout, retryDelays, retryWindow, jitter,
                lease, breakerFailures, breakerOpen, blockPrivateNetworks);
    }
}
