package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The known answers of docs/protocol.md, "Signatures" (key 278d425bdf160c739803, secret 7ad3773142a6692b25b8). */
class SignaturesTest {

    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";

    @Test
    void signsPrivateChannelsAsPusherDocuments() {
        assertThat(Signatures.channelAuth(KEY, SECRET, "1234.1234", "private-foobar"))
                .isEqualTo(KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
    }

    @Test
    void signsUserSigninAsPusherDocuments() {
        assertThat(Signatures.signinAuth(KEY, SECRET, "1234.1234", "{\"id\":\"12345\"}"))
                .isEqualTo(KEY + ":4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba");
    }

    @Test
    void signsPresenceChannelsOverTheExactChannelData() {
        String channelData = "{\"user_id\":\"10\",\"user_info\":{\"name\":\"Mr. Channels\"}}";
        assertThat(Signatures.presenceAuth(KEY, SECRET, "1234.1234", "presence-foobar", channelData))
                .isEqualTo(KEY + ":4c6d8fc42a207ba96a0779844171b0bb819d96ffceef9609f5cce596ab17a800");
    }

    @Test
    void signsWebhookBodies() {
        String body = "{\"time_ms\":1327078148132,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"test_channel\"}]}";
        assertThat(Signatures.hmacSha256Hex(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("709fdb84c03664445f7698120b0edf0acc1ab1c8c6e93a0368c61841d6b998aa");
    }

    @Test
    void computesBodyMd5AsTheRestApiExpects() {
        String body = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";
        assertThat(Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8))).isEqualTo("ec365a775a4cd0599faeb73354201b6f");
    }

    @Test
    void verifiesAValidAuthAndRejectsTamperedOnes() {
        String message = "1234.1234:private-foobar";
        String auth = Signatures.channelAuth(KEY, SECRET, "1234.1234", "private-foobar");
        assertThat(Signatures.verifyAuth(KEY, SECRET, auth, message)).isTrue();
        assertThat(Signatures.verifyAuth(KEY, SECRET, auth, "1234.1235:private-foobar")).isFalse();
        assertThat(Signatures.verifyAuth(KEY, SECRET, "otherkey" + auth.substring(KEY.length()), message)).isFalse();
        assertThat(Signatures.verifyAuth(KEY, SECRET, auth.toUpperCase(), message)).isFalse();
        assertThat(Signatures.verifyAuth(KEY, SECRET, "no-colon", message)).isFalse();
        assertThat(Signatures.verifyAuth(KEY, SECRET, null, message)).isFalse();
        assertThat(Signatures.verifyAuth(KEY, SECRET, KEY + ":", message)).isFalse();
    }

    @Test
    void matchesOnlyTheExactLowerCaseHexOfADigest() {
        String hmac = Signatures.hmacSha256Hex("secret", "POST\n/apps/1/events\nauth_key=k");
        String md5 = Signatures.md5Hex("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(Signatures.hmacSha256HexMatches("secret", "POST\n/apps/1/events\nauth_key=k", hmac)).isTrue();
        assertThat(Signatures.md5HexMatches("{}".getBytes(StandardCharsets.UTF_8), md5)).isTrue();
        for (String wrong : new String[] {null, "", hmac.toUpperCase(), hmac.substring(1), hmac + "0",
                hmac.substring(0, 63) + (hmac.endsWith("0") ? "1" : "0"), hmac.substring(0, 63) + "\u00e9"}) {
            assertThat(Signatures.hmacSha256HexMatches("secret", "POST\n/apps/1/events\nauth_key=k", wrong)).as(wrong).isFalse();
        }
        assertThat(Signatures.md5HexMatches("{} ".getBytes(StandardCharsets.UTF_8), md5)).isFalse();
    }
}
