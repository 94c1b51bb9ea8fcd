package io.herald.it;

import static org.awaitility.Awaitility.await;

import io.herald.testkit.base.NatsServer;
import io.herald.testkit.NodeProcess;
import io.herald.testkit.base.RedisClusterServer;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.TempDirs;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Herald nodes in separate processes sharing one real Redis (the cluster state, and the bus unless
 * NATS carries it). Every node has its own data directory with its own SQLite webhook queue (on a
 * Redis Cluster, all share the Redis Streams queue there, each delivering from it), and
 * every node has the demo app's webhook endpoint, one receiver shared by all. Leases are short
 * (heartbeat {@link #HEARTBEAT}, lease {@link #LEASE}) so that failures are noticed quickly.
 *
 * <p>Besides the demo app the nodes serve a second app, {@link #CAPPED_KEY}, limited to
 * {@link #CAPPED_MAX_CONNECTIONS} connections across the cluster. On close, each node's output is
 * kept in {@code target/cluster-logs/} for reading after a failure.
 */
final class HeraldCluster implements AutoCloseable {

    /**
     * Which engine carries events between the nodes; the state is always in Redis, a single
     * server but with {@link #REDIS_CLUSTER}, where a Redis Cluster (3 primaries, 3 replicas)
     * carries both.
     */
    enum BusEngine { REDIS, NATS, REDIS_CLUSTER }

    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final Duration LEASE = Duration.ofMillis(2000);
    static final String CAPPED_ID = "capped-id";
    static final String CAPPED_KEY = "capped-key";
    static final String CAPPED_SECRET = "capped-secret";
    static final int CAPPED_MAX_CONNECTIONS = 4;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "cluster-logs");

    private final String label;
    private final BusEngine bus;
    private final Path dir;
    private final RedisServer redis;
    private final RedisClusterServer redisCluster;
    private final NatsServer nats;
    private final WebhookReceiver receiver;
    private final ClusterWebhooks webhooks;
    private final List<ClusterNode> nodes = new ArrayList<>();

    private HeraldCluster(String label, BusEngine bus) {
        this.label = label;
        this.bus = bus;
        this.dir = TempDirs.create("herald-cluster-");
        this.redis = bus == BusEngine.REDIS_CLUSTER ? null : RedisServer.start();
        this.redisCluster = bus == BusEngine.REDIS_CLUSTER ? RedisClusterServer.start() : null;
        this.nats = bus == BusEngine.NATS ? NatsServer.start() : null;
        this.receiver = WebhookReceiver.start();
        this.webhooks = new ClusterWebhooks(receiver);
    }

    /**
     * Starts {@code size} nodes (named node-a, node-b, ...) and waits until every one of
     * them reports its cluster state and bus connected. {@code label} names the saved logs.
     */
    static HeraldCluster start(String label, BusEngine bus, int size) {
        HeraldCluster cluster = new HeraldCluster(label, bus);
        try {
            cluster.startNodes(size);
            cluster.awaitConnected();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** One after the other: on two cores, JVMs starting side by side only slow each other's start. */
    private void startNodes(int size) {
        for (int i = 0; i < size; i++) {
            String name = "node-" + (char) ('a' + i);
            nodes.add(new ClusterNode(name, NodeProcess.start(writeConfig(name))));
        }
    }

    private Path writeConfig(String name) {
        Path file = dir.resolve(name + ".yaml");
        String yaml = """
                server: {host: %s, port: 0}
                metrics: {host: %s, port: 0}
                cluster:
                  enabled: true
                  bus: %s
                  node-id: %s
                  heartbeat: %d
                  lease: %d
                  redis: {url: '%s'%s}%s
                webhooks:
                  data-dir: '%s'%s
                  debounce: 0
                  batch-max-wait: 50
                  sender: {per-endpoint-concurrency: 1, retry-delays: [200]}
                apps:
                  - id: %s
                    key: %s
                    secret: %s
                    webhooks:
                      - url: '%s'
                        event-types: [channel_occupied, channel_vacated, member_added, member_removed]
                  - id: %s
                    key: %s
                    secret: %s
                    max-connections: %d
                """.formatted(TestNode.HOST, TestNode.HOST, bus == BusEngine.NATS ? "nats" : "redis", name,
                HEARTBEAT.toMillis(), LEASE.toMillis(), redis == null ? redisCluster.seeds() : redis.url(),
                redis == null ? ", mode: cluster" : "",
                nats == null ? "" : "\n  nats: {url: '" + nats.url() + "'}",
                dir.resolve(name + "-data"),
                redis == null ? "\n  queue: redis\n  redis: {url: '" + redisCluster.seeds() + "', mode: cluster}" : "",
                TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET, receiver.url(ClusterWebhooks.PATH),
                CAPPED_ID, CAPPED_KEY, CAPPED_SECRET, CAPPED_MAX_CONNECTIONS);
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits until every live node reports its cluster state and bus connected. */
    void awaitConnected() {
        await("every live node connected to the cluster: " + nodes).atMost(CONNECT_TIMEOUT)
                .until(() -> live().stream().allMatch(ClusterNode::clusterConnected));
    }

    BusEngine bus() {
        return bus;
    }

    ClusterNode node(int index) {
        return nodes.get(index);
    }

    List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes whose process still runs. */
    List<ClusterNode> live() {
        return nodes.stream().filter(ClusterNode::isAlive).toList();
    }

    /** The Redis server of the state (and the bus); not with {@link BusEngine#REDIS_CLUSTER}. */
    RedisServer redis() {
        if (redis == null) {
            throw new IllegalStateException("this cluster runs on a Redis Cluster");
        }
        return redis;
    }

    /** The Redis Cluster of the state and the bus; only with {@link BusEngine#REDIS_CLUSTER}. */
    RedisClusterServer redisCluster() {
        if (redisCluster == null) {
            throw new IllegalStateException("this cluster runs on one Redis server");
        }
        return redisCluster;
    }

    /** The NATS server carrying the bus; only with {@link BusEngine#NATS}. */
    NatsServer nats() {
        if (nats == null) {
            throw new IllegalStateException("this cluster's bus is Redis");
        }
        return nats;
    }

    /** Kills the Redis server, or every node of the Redis Cluster, and starts it again without data. */
    void restartRedisEmpty() {
        if (redis != null) {
            redis.restartEmpty();
        } else {
            redisCluster.restartEmpty();
        }
    }

    ClusterWebhooks webhooks() {
        return webhooks;
    }

    /**
     * Runs {@code check}; if it fails, fails with what the nodes logged about the cluster appended
     * (warnings, re-assertions, clean-ups), since a failed build shows the message but may keep no
     * files.
     */
    void explainingFailure(Runnable check) {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            StringBuilder logs = new StringBuilder(String.valueOf(e.getMessage())).append("\nWhat the nodes logged about the cluster:");
            for (ClusterNode node : nodes) {
                List<String> lines = node.output().stream()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("ClusterLink"))
                        .toList();
                logs.append("\n-- ").append(node.name());
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(line -> logs.append("\n").append(line));
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    @Override
    public void close() {
        for (ClusterNode node : nodes) {
            try {
                node.saveOutput(LOGS.resolve(label + "-" + bus.name().toLowerCase() + "-" + node.name() + ".log"));
            } catch (IOException e) {
                System.err.println("keeping the output of " + node + ": " + e);
            }
            node.close();
        }
        receiver.close();
        if (nats != null) {
            nats.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (redisCluster != null) {
            redisCluster.close();
        }
        TempDirs.delete(dir);
    }
}
