package io.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.app.StaticAppRegistry;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.protocol.CloseCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static List<AppConfig> apps() {
        return new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "apps=[{id: one, key: key-one, secret: s1, max-connections: 2}, {id: disabled, key: key-off, secret: s2, enabled: false}]"))).apps();
    }

    /** Looks the key up as the gateway does, then asks for admission. */
    private static Admission.Decision admit(Admission admission, String key, String protocol) {
        return admission.admit(key, new StaticAppRegistry(apps()).byKey(key).join(), protocol);
    }

    private static int code(Admission.Decision decision) {
        return decision instanceof Admission.Refused refused ? refused.code() : 0;
    }

    @Test
    void acceptsProtocolsFiveToSevenAndMissingOnes() {
        Admission admission = new Admission(0, false, appId -> 0);
        for (String protocol : new String[] {"5", "6", "7", null}) {
            assertThat(admit(admission, "key-one", protocol)).isInstanceOf(Admission.Admitted.class);
            admission.release(apps().get(0));
        }
    }

    @Test
    void refusesOtherProtocolVersionsWith4007() {
        Admission admission = new Admission(0, false, appId -> 0);
        assertThat(code(admit(admission, "key-one", "4"))).isEqualTo(CloseCode.UNSUPPORTED_PROTOCOL);
        assertThat(code(admit(admission, "key-one", "8"))).isEqualTo(CloseCode.UNSUPPORTED_PROTOCOL);
        assertThat(code(admit(admission, "key-one", "x"))).isEqualTo(CloseCode.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void refusesAMissingProtocolWith4008WhenRequired() {
        Admission admission = new Admission(0, true, appId -> 0);
        assertThat(code(admit(admission, "key-one", null))).isEqualTo(CloseCode.NO_PROTOCOL_VERSION);
    }

    @Test
    void refusesUnknownAndDisabledApps() {
        Admission admission = new Admission(0, false, appId -> 0);
        assertThat(code(admit(admission, "nope", "7"))).isEqualTo(CloseCode.APP_NOT_FOUND);
        assertThat(code(admit(admission, "key-off", "7"))).isEqualTo(CloseCode.APP_DISABLED);
    }

    @Test
    void enforcesTheAppQuotaAndTheNodeLimitAndFreesSlots() {
        AppConfig one = apps().get(0);
        Admission admission = new Admission(3, false, appId -> 0);
        assertThat(code(admit(admission, "key-one", "7"))).isZero();
        assertThat(code(admit(admission, "key-one", "7"))).isZero();
        assertThat(code(admit(admission, "key-one", "7"))).isEqualTo(CloseCode.APP_OVER_CONNECTION_QUOTA);
        admission.release(one);
        assertThat(code(admit(admission, "key-one", "7"))).isZero();
        assertThat(admission.connections()).isEqualTo(2);

        Admission small = new Admission(1, false, appId -> 0);
        assertThat(code(admit(small, "key-one", "7"))).isZero();
        assertThat(code(admit(small, "key-one", "7"))).isEqualTo(CloseCode.OVER_CAPACITY);
    }

    @Test
    void countsTheAppsConnectionsOnOtherNodesAgainstItsQuota() {
        Admission admission = new Admission(0, false, appId -> appId.equals("one") ? 1 : 0);

        assertThat(admit(admission, "key-one", "7")).isInstanceOf(Admission.Admitted.class);
        assertThat(code(admit(admission, "key-one", "7"))).isEqualTo(CloseCode.APP_OVER_CONNECTION_QUOTA);
        assertThat(admission.connectionsByApp()).isEqualTo(Map.of("one", 1));
    }

    @Test
    void refusesBrowsersFromOriginsTheAppDoesNotAllow() {
        var apps = new StaticAppRegistry(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "apps=[{id: web, key: web-key, secret: s, allowed-origins: ['https://app.example']}]"))).apps());
        Admission admission = new Admission(0, false, appId -> 0);

        assertThat(code(admission.admit("web-key", apps.byKey("web-key").join(), "7", "https://evil.example")))
                .isEqualTo(CloseCode.UNAUTHORIZED);
        assertThat(admission.admit("web-key", apps.byKey("web-key").join(), "7", "https://app.example"))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(admission.admit("web-key", apps.byKey("web-key").join(), "7", null))
                .as("no Origin: not a browser").isInstanceOf(Admission.Admitted.class);
    }
}
