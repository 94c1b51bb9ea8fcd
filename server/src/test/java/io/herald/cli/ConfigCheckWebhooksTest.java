package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code herald config check} on webhook delivery settings that make jobs die untried (refused,
 * exit 1) or give them fewer attempts than the rest of the configuration suggests (warnings, exit 0).
 */
class ConfigCheckWebhooksTest {

    private static final String APP = "apps=[{id: a, key: k, secret: s, webhooks: [{url: 'https://hooks.example.com/in'}]}]";

    private static CommandRun check(String... sets) {
        String[] args = new String[3 + 2 * sets.length];
        args[0] = "config";
        args[1] = "check";
        args[2] = "--set=" + APP;
        for (int i = 0; i < sets.length; i++) {
            args[3 + 2 * i] = "--set";
            args[4 + 2 * i] = sets[i];
        }
        return CommandRun.of(args);
    }

    @Test
    void theDefaultsGiveNoWarning() {
        CommandRun run = check();

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("configuration: OK" + System.lineSeparator());
    }

    @Test
    void aWindowShorterThanTheBreakersLongestPauseIsAWarning() {
        CommandRun run = check("webhooks.sender.retry-window=4500", "webhooks.sender.breaker-probe-max-delay=10000");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("configuration: OK (1 warning(s))" + System.lineSeparator());
        assertThat(run.err().lines()).containsExactly("warning: webhooks.sender.retry-window (4500 ms) is shorter than"
                + " webhooks.sender.breaker-probe-max-delay (10000 ms): a webhook created while its endpoint's breaker is open"
                + " may see no probe in its window and get a single request, at the end of it");
    }

    @Test
    void aWindowTooShortForAnyRetryWarnsOfEachCause() {
        CommandRun run = check("webhooks.sender.retry-window=500");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err().lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("warning: webhooks.sender.retry-window (500 ms)"));
        assertThat(run.err()).contains("first of webhooks.sender.retry-delays (1000 ms)", "breaker-probe-max-delay (5000 ms)",
                "webhooks.sender.timeout (4000 ms)");
    }

    @Test
    void aLongestPauseShorterThanTheFirstIsAnError() {
        CommandRun run = check("webhooks.sender.breaker-probe-delay=2000", "webhooks.sender.breaker-probe-max-delay=1000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("webhooks.sender.breaker-probe-max-delay: must be at least"
                + " webhooks.sender.breaker-probe-delay (2000), the pause before the first probe (got 1000) (from --set"
                + " webhooks.sender.breaker-probe-max-delay)");
    }

    @Test
    void anEndpointThePrivateNetworkGuardAlwaysBlocksIsAnError() {
        CommandRun run = CommandRun.of("config", "check", "--set", "webhooks.sender.block-private-networks=true", "--set",
                "apps=[{id: a, key: k, secret: s, webhooks: [{url: 'https://hooks.example.com/in'}, {url: 'http://10.1.2.3/hook'},"
                        + " {url: 'http://localhost:8080/x'}, {url: 'http://[::1]/y'}]}]");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(3).allSatisfy(line -> assertThat(line)
                .endsWith("webhooks.sender.block-private-networks refuses: every webhook to it would go to the dead letters"
                        + " without a request"));
        assertThat(run.err().lines()).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("apps[0].webhooks[1].url", "apps[0].webhooks[2].url", "apps[0].webhooks[3].url");
    }

    @Test
    void theSameEndpointsPassWithoutTheGuard() {
        CommandRun run = CommandRun.of("config", "check", "--set",
                "apps=[{id: a, key: k, secret: s, webhooks: [{url: 'http://10.1.2.3/hook'}, {url: 'http://localhost:8080/x'}]}]");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
    }
}
