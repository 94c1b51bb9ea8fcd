package io.herald.testkit;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.node.HeraldNode;
import io.herald.testkit.base.TempDirs;
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
    private final Path dataDir;

    private TestNode(HeraldNode node, Path dataDir) {
        this.node = node;
        this.dataDir = dataDir;
    }

    /** Starts a node with {@code key=value} overrides on top of the defaults (ports default to 0). */
    public static TestNode start(String... overrides) {
        return start(null, overrides);
    }

    /** Starts a node from a YAML file (may be null) plus {@code key=value} overrides. */
    public static TestNode start(Path configFile, String... overrides) {
        Path dataDir = TempDirs.create("herald-node-");
        List<String> all = new ArrayList<>(List.of("server.host=" + HOST, "server.port=0", "metrics.host=" + HOST,
                "metrics.port=0", "webhooks.data-dir=" + dataDir));
        all.addAll(List.of(overrides));
        var config = new ConfigLoader().load(new ConfigSources(Optional.ofNullable(configFile), Map.of(), all));
        try {
            return new TestNode(HeraldNode.start(config), dataDir);
        } catch (RuntimeException e) {
            TempDirs.delete(dataDir);
            throw e;
        }
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

    /** The node's own data directory (its SQLite webhook queue lives there), deleted on close. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            TempDirs.delete(dataDir);
        }
    }
}
