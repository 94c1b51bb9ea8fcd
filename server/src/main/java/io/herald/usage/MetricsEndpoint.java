package io.herald.usage;

import io.herald.usage.PrometheusText.Sample;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/** Reads a node's {@code /metrics} over HTTP and parses it; one instance serves many reads. */
public final class MetricsEndpoint {

    private final HttpClient client;
    private final Duration timeout;

    public MetricsEndpoint(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The samples {@code url} serves.
     *
     * @throws IOException with a message naming the URL when it cannot be read, answers other than
     *                     200, or is not Prometheus text
     */
    public List<Sample> read(URI url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "text/plain; version=0.0.4").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IOException("cannot read " + url + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new IOException("cannot read " + url + ": " + describe(e), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + response.statusCode() + ", not metrics");
        }
        try {
            return PrometheusText.parse(response.body());
        } catch (MetricsFormatException e) {
            throw new IOException(url + " did not answer Prometheus text: " + e.getMessage(), e);
        }
    }

    /** The JDK's connection errors often have no message of their own. */
    private static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "could not connect" + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
            }
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
