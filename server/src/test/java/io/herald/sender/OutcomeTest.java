package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void classifiesStatusesByHundreds() {
        assertThat(OutcomeClass.ofStatus(200)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(OutcomeClass.ofStatus(204)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(OutcomeClass.ofStatus(299)).isEqualTo(OutcomeClass.SUCCESS);
        assertThat(OutcomeClass.ofStatus(301)).isEqualTo(OutcomeClass.REDIRECT);
        assertThat(OutcomeClass.ofStatus(308)).isEqualTo(OutcomeClass.REDIRECT);
        assertThat(OutcomeClass.ofStatus(404)).isEqualTo(OutcomeClass.CLIENT_ERROR);
        assertThat(OutcomeClass.ofStatus(429)).isEqualTo(OutcomeClass.CLIENT_ERROR);
        assertThat(OutcomeClass.ofStatus(500)).isEqualTo(OutcomeClass.SERVER_ERROR);
        assertThat(OutcomeClass.ofStatus(503)).isEqualTo(OutcomeClass.SERVER_ERROR);
    }

    @Test
    void labelsMatchTheMetricOutcomeClasses() {
        assertThat(OutcomeClass.values()).extracting(OutcomeClass::label)
                .containsExactly("2xx", "3xx", "4xx", "5xx", "timeout", "connection_error", "blocked");
    }

    @Test
    void onlyTwoHundredsSucceed() {
        assertThat(Outcome.ofResponse(200, null, null).success()).isTrue();
        assertThat(Outcome.ofResponse(302, null, "https://elsewhere.test/").success()).isFalse();
        assertThat(Outcome.ofResponse(404, "nope", null).success()).isFalse();
    }

    @Test
    void errorsNameTheStatusTheBodyAndARedirectTarget() {
        assertThat(Outcome.ofResponse(500, " database down\n", null).error()).isEqualTo("HTTP 500: database down");
        assertThat(Outcome.ofResponse(503, "", null).error()).isEqualTo("HTTP 503");
        assertThat(Outcome.ofResponse(301, null, "https://new.test/hook").error())
                .isEqualTo("HTTP 301 (redirects are not followed; Location: https://new.test/hook)");
    }

    @Test
    void timeoutsAreTimeouts() {
        assertThat(Outcome.ofException(new SocketTimeoutException("Read timed out"), 4000))
                .isEqualTo(new Outcome(OutcomeClass.TIMEOUT, 0, "timeout: no answer within 4000 ms"));
        assertThat(Outcome.ofException(new InterruptedIOException("timeout"), 4000).outcomeClass()).isEqualTo(OutcomeClass.TIMEOUT);
    }

    @Test
    void otherNetworkFailuresAreConnectionErrors() {
        assertThat(Outcome.ofException(new ConnectException("Connection refused"), 4000))
                .isEqualTo(new Outcome(OutcomeClass.CONNECTION_ERROR, 0, "connection error: Connection refused"));
        assertThat(Outcome.ofException(new UnknownHostException("nowhere.test"), 4000).outcomeClass())
                .isEqualTo(OutcomeClass.CONNECTION_ERROR);
        assertThat(Outcome.ofException(new SSLHandshakeException("bad certificate"), 4000).outcomeClass())
                .isEqualTo(OutcomeClass.CONNECTION_ERROR);
        assertThat(Outcome.ofException(new IOException(), 4000).error()).isEqualTo("connection error: IOException");
    }

    @Test
    void aBlockedAddressIsRecognisedWhereverItIsWrapped() {
        IOException wrapped = new IOException("route failed", new BlockedAddressException("internal.test"));
        IOException suppressed = new ConnectException("failed");
        suppressed.addSuppressed(new BlockedAddressException("internal.test"));

        assertThat(Outcome.ofException(new BlockedAddressException("internal.test"), 4000).outcomeClass()).isEqualTo(OutcomeClass.BLOCKED);
        assertThat(Outcome.ofException(wrapped, 4000).outcomeClass()).isEqualTo(OutcomeClass.BLOCKED);
        assertThat(Outcome.ofException(suppressed, 4000).outcomeClass()).isEqualTo(OutcomeClass.BLOCKED);
        assertThat(Outcome.blocked().error()).isEqualTo("blocked private address");
    }

    @Test
    void blockedAttemptsDoNotCountAgainstTheEndpoint() {
        assertThat(Outcome.blocked().countsAgainstEndpoint()).isFalse();
        assertThat(Outcome.ofResponse(500, null, null).countsAgainstEndpoint()).isTrue();
        assertThat(Outcome.ofResponse(200, null, null).countsAgainstEndpoint()).isFalse();
    }
}
