package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-app limits of the HTTP API: 429 with a JSON error and Retry-After. */
class AppRateLimitsTest {

    private static final String LIMITED = "apps=[{id: app-id, key: app-key, secret: app-secret,"
            + " max-backend-events-per-second: 4, max-read-requests-per-second: 1}]";

    @Test
    void countsAnEventOncePerChannelAndRefusesTheCallOverTheLimitWhole() {
        ApiFixture api = new ApiFixture(LIMITED);

        ApiFixture.Reply first = api.post("/apps/app-id/events", "{\"name\":\"e\",\"channels\":[\"a\",\"b\",\"c\"],\"data\":\"{}\"}");
        ApiFixture.Reply second = api.post("/apps/app-id/events", "{\"name\":\"e\",\"channels\":[\"a\",\"b\"],\"data\":\"{}\"}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).as("3 + 2 channels is over 4").isEqualTo(429);
        assertThat(second.headers().get("Retry-After")).isEqualTo("1");
        assertThat(second.body()).contains("\"error\"", "over its limit of 4 backend events per second");
        assertThat(api.hub.published).as("nothing of the refused call was published").hasSize(3);
    }

    @Test
    void limitsReadRequestsAndLeavesOtherAppsAlone() {
        ApiFixture api = new ApiFixture(LIMITED);

        assertThat(api.get("/apps/app-id/channels").status()).isEqualTo(200);
        ApiFixture.Reply refused = api.get("/apps/app-id/channels");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
        assertThat(refused.body()).contains("read requests per second");
        assertThat(new ApiFixture().get("/apps/app-id/channels").status()).as("no limit by default").isEqualTo(200);
    }
}
