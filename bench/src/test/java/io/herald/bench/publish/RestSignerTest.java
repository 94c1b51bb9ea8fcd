package io.herald.bench.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RestSignerTest {

    private static final String BODY = "{\"name\":\"foo\",\"channels\":[\"project-3\"],\"data\":\"{\\\"some\\\":\\\"data\\\"}\"}";

    @Test
    void signsThePusherDocumentationVector() {
        RestSigner signer = new RestSigner("278d425bdf160c739803", "7ad3773142a6692b25b8");

        String query = signer.signedQuery("POST", "/apps/3/events", BODY.getBytes(StandardCharsets.UTF_8), 1353088179);

        assertThat(query).isEqualTo("auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0"
                + "&body_md5=ec365a775a4cd0599faeb73354201b6f"
                + "&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
    }

    @Test
    void leavesOutBodyMd5WhenThereIsNoBody() {
        RestSigner signer = new RestSigner("key", "secret");

        String query = signer.signedQuery("POST", "/apps/3/events", new byte[0], 1353088179);

        assertThat(query).startsWith("auth_key=key&auth_timestamp=1353088179&auth_version=1.0&auth_signature=")
                .doesNotContain("body_md5");
    }
}
