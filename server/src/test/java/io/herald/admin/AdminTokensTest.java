package io.herald.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.HeraldConfig;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminTokensTest {

    private final AdminTokens tokens = new AdminTokens(new HeraldConfig.AdminConfig(
            Map.of("dashboard", "read-token-0123456789"),
            Map.of("ops", "sha256:" + HexFormat.of().formatHex(AdminTokens.sha256("admin-token-0123456789"))),
            new HeraldConfig.ConsoleConfig(true, 60_000, 10, 100, 1_000, 5)));

    @Test
    void knowsTokensGivenAsTheyAreOrAsTheirDigest() {
        assertThat(tokens.caller("Bearer read-token-0123456789"))
                .contains(new AdminTokens.Caller("dashboard", false));
        assertThat(tokens.caller("bearer admin-token-0123456789")).contains(new AdminTokens.Caller("ops", true));
    }

    @Test
    void refusesMissingMalformedAndUnknownTokens() {
        assertThat(tokens.caller(null)).isEmpty();
        assertThat(tokens.caller("read-token-0123456789")).as("no Bearer").isEmpty();
        assertThat(tokens.caller("Basic cmVhZDp0b2tlbg==")).isEmpty();
        assertThat(tokens.caller("Bearer read-token-012345678")).isEmpty();
        assertThat(tokens.caller("Bearer sha256:" + HexFormat.of().formatHex(AdminTokens.sha256("admin-token-0123456789"))))
                .as("the digest is no token").isEmpty();
    }
}
