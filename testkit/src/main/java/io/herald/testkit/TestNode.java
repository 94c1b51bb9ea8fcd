package io.herald.testkit;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.node.HeraldNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Herald node in this JVM on free ports, closed by try-with-resources. Without overrides it
 * serves the demo app ({@link #APP_ID}, {@link #APP_KEY}, {@link #APP_SECRET}).
 */
public final class TestNode implements AutoCloseable {

    public static final String APP_ID = "app-id";
    public static final String APP_KEY = "app-key";
    public static final String APP_SECRET = "app-secret";
    public static final String HOST = "127.0.0.1";

    private final HeraldNode node;

    private TestNode(HeraldNode node) {
        this.node = node;
    }

    /** Starts a node with {@code key=value} overrides on top of the defaults (ports default to 0). */
    public static TestNode start(String... overrides) {
        return start(null, overrides);
    }

    /** Starts a node from a YAML file (may be null) plus {@code key=value} overrides. */
    public static TestNode start(Path configFile, String... overrides) {
        List<String> all = new ArrayList<>(List.of("server.host=" + HOST, "server.port=0", "metrics.host=" + HOST, "metrics.port=0"));
        all.addAll(List.of(overrides));
        var config = new ConfigLoader().load(new ConfigSources(Optional.ofNullable(configFile), Map.of(), all));
        return new TestNode(HeraldNode.start(config));
    }

    public HeraldNode node() {
        return node;
    }

    public int port() {
        return node.port();
    }

    public int metricsPort() {
        return node.metricsPort();
    }

    /** http://127.0.0.1:PORT */
    public String httpBase() {
        return "http://" + HOST + ":" + port();
    }

    /** ws://127.0.0.1:PORT/app/KEY */
    public String wsUrl(String appKey) {
        return "ws://" + HOST + ":" + port() + "/app/" + appKey;
    }

    @Override
    public void close() {
        node.close();
    }
}
