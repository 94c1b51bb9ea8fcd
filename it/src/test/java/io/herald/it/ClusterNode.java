package io.herald.it;

import com.pusher.client.PusherOptions;
import io.herald.testkit.NodeProcess;
import io.herald.testkit.base.ProcessSignals;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One node of a {@link HeraldCluster}, running in its own process: its HTTP API through
 * pusher-http-java, clients connecting to it, its cluster metrics, and a hard kill.
 */
final class ClusterNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String CONNECTED_METRIC = "herald_cluster_connected";

    private final String name;
    private final NodeProcess process;
    private final RestApi api;

    ClusterNode(String name, NodeProcess process) {
        this.name = name;
        this.process = process;
        this.api = RestApi.at(process.port());
    }

    String name() {
        return name;
    }

    int port() {
        return process.port();
    }

    /** pusher-http-java for the demo app, pointed at this node. */
    RestApi api() {
        return api;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A raw client of the demo app connected to this node as pusher-js would. */
    RawPusherClient connect() {
        return connect(TestNode.APP_KEY, TestNode.APP_SECRET);
    }

    RawPusherClient connect(String appKey, String appSecret) {
        return RawPusherClient.connect("ws://" + TestNode.HOST + ":" + port() + "/app/" + appKey + RawPusherClient.JS_QUERY,
                appKey, appSecret);
    }

    /** A raw client signed in with {@code userData}, once the node confirmed the sign-in. */
    RawPusherClient signedIn(String userData) {
        RawPusherClient client = connect();
        client.signin(userData);
        client.awaitEvent("pusher:signin_success");
        return client;
    }

    /** pusher-java-client connected to this node; {@code customise} may add an authorizer. */
    JavaClient connectJava(Consumer<PusherOptions> customise) {
        return JavaClient.connect(port(), customise);
    }

    /**
     * True when the node reports {@code herald_cluster_connected} and every series of it is 1:
     * its cluster state and bus are both connected.
     */
    boolean clusterConnected() {
        List<Double> values = metric(CONNECTED_METRIC);
        return !values.isEmpty() && values.stream().allMatch(value -> value == 1.0);
    }

    /** Every value of a metric's series (any labels); empty when the node is unreachable or lacks it. */
    List<Double> metric(String metricName) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://" + TestNode.HOST + ":" + process.metricsPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body().lines()
                    .filter(line -> line.startsWith(metricName + "{") || line.startsWith(metricName + " "))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** SIGKILL: the node gets no chance to leave the cluster or flush anything. */
    void kill() {
        process.kill();
    }

    /** SIGSTOP: the node stops dead, as in a long pause, with its sockets left open. */
    void freeze() {
        ProcessSignals.pause(process.pid());
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        ProcessSignals.resume(process.pid());
    }

    /** What the node printed so far. */
    List<String> output() {
        return process.output();
    }

    /** Writes everything the node printed to {@code file}, for reading after a failure. */
    void saveOutput(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, process.output());
    }

    @Override
    public void close() {
        try {
            api.close();
        } catch (Exception e) {
            System.err.println("closing the API client of " + name + ": " + e);
        } finally {
            process.close();
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port() + ", pid " + process.pid() + ")";
    }
}
