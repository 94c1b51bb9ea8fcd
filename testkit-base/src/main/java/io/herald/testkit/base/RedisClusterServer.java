package io.herald.testkit.base;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster: six {@code redis-server} processes in cluster mode on free loopback ports,
 * three primaries owning the 16,384 slots and one replica of each, created with
 * {@code redis-cli --cluster create}. It can kill a primary ({@code kill -9}) and wait until its
 * replica took over, and restart every node empty. Close it with try-with-resources.
 */
public final class RedisClusterServer implements AutoCloseable {

    private static final int PRIMARIES = 3;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisClusterNode> nodes = new ArrayList<>();

    private RedisClusterServer() {}

    /** Starts six nodes, creates the cluster and waits until every node says {@code cluster_state:ok}. */
    public static RedisClusterServer start() {
        RedisClusterServer cluster = new RedisClusterServer();
        try {
            for (int i = 0; i < 2 * PRIMARIES; i++) {
                cluster.nodes.add(RedisClusterNode.start());
            }
            cluster.create();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The seed nodes, comma-separated: {@code redis://127.0.0.1:P1,redis://127.0.0.1:P2,...}. */
    public String seeds() {
        return nodes.stream().map(node -> "redis://" + node.address()).collect(Collectors.joining(","));
    }

    /** Every node, primaries and replicas, in the order they were started. */
    public List<RedisClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes that serve slots now, as a running node sees them. */
    public List<RedisClusterNode> primaries() {
        List<String> primaries = view().stream().filter(line -> line.flags().contains("master") && !line.flags().contains("fail")
                && !line.slots().isEmpty()).map(ClusterNodesLine::address).toList();
        return nodes.stream().filter(node -> primaries.contains(node.address())).toList();
    }

    /** The node that serves {@code slot} now. */
    public RedisClusterNode primaryOf(int slot) {
        String address = view().stream().filter(line -> line.flags().contains("master") && !line.flags().contains("fail")
                && line.serves(slot)).map(ClusterNodesLine::address).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node serves slot " + slot));
        return byAddress(address);
    }

    /** The slot of {@code key} (CLUSTER KEYSLOT), hash tags included. */
    public int slotOf(String key) {
        return Integer.parseInt(cli(anyRunning(), "CLUSTER", "KEYSLOT", key).trim());
    }

    /**
     * Kills {@code primary} with SIGKILL and waits until one of its replicas serves its slots and
     * every running node says {@code cluster_state:ok}; returns the promoted replica.
     */
    public RedisClusterNode killPrimaryAndAwaitFailover(RedisClusterNode primary) {
        ClusterNodesLine self = view(primary).stream().filter(line -> line.flags().contains("myself")).findFirst().orElseThrow();
        if (self.slots().isEmpty()) {
            throw new IllegalArgumentException(primary.address() + " serves no slots");
        }
        int slot = Integer.parseInt(self.slots().getFirst().split("-")[0]);
        primary.kill();
        await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> servedByAnother(slot, primary) && settled());
        return primaryOf(slot);
    }

    private boolean servedByAnother(int slot, RedisClusterNode former) {
        return view().stream().anyMatch(line -> line.flags().contains("master") && !line.flags().contains("fail")
                && line.serves(slot) && !line.address().equals(former.address()));
    }

    /**
     * Moves {@code slot} with its keys to {@code target} while clients keep using it, as
     * {@code redis-cli --cluster reshard} does: IMPORTING on the target, MIGRATING on the source,
     * MIGRATE of the keys in batches, then SETSLOT NODE on every primary.
     */
    public void moveSlot(int slot, RedisClusterNode target) {
        RedisClusterNode source = primaryOf(slot);
        if (source.equals(target)) {
            return;
        }
        String sourceId = cli(source, "CLUSTER", "MYID").strip();
        String targetId = cli(target, "CLUSTER", "MYID").strip();
        expectOk(cli(target, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId));
        expectOk(cli(source, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId));
        for (List<String> keys = keysIn(source, slot); !keys.isEmpty(); keys = keysIn(source, slot)) {
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()), "", "0", "5000",
                    "REPLACE", "KEYS"));
            migrate.addAll(keys);
            String reply = cli(source, migrate.toArray(String[]::new));
            if (!reply.contains("OK") && !reply.contains("NOKEY")) {
                throw new IllegalStateException("MIGRATE of slot " + slot + " failed: " + reply);
            }
        }
        for (RedisClusterNode primary : List.of(target, source)) {
            expectOk(cli(primary, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId));
        }
        for (RedisClusterNode primary : primaries()) {
            cli(primary, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", targetId);
        }
        await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> primaryOf(slot).equals(target) && settled());
    }

    private List<String> keysIn(RedisClusterNode node, int slot) {
        return cli(node, "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "100").lines()
                .filter(line -> !line.isBlank()).toList();
    }

    private static void expectOk(String reply) {
        if (!reply.strip().equals("OK")) {
            throw new IllegalStateException("redis-cli answered: " + reply);
        }
    }

    /** Starts a stopped or killed node again with its data; it rejoins (a former primary as a replica). */
    public void restart(RedisClusterNode node) {
        node.restart();
        await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(this::settled);
    }

    /** Kills every node, deletes all their data and creates the cluster again, empty, on the same ports. */
    public void restartEmpty() {
        nodes.forEach(RedisClusterNode::kill);
        nodes.forEach(RedisClusterNode::restartEmpty);
        create();
    }

    /** Runs {@code redis-cli -p PORT args...} against {@code node} and returns what it printed. */
    public String cli(RedisClusterNode node, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(node.port())));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running redis-cli", e);
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (RedisClusterNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add(node.address()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        ServerProcess.run(command, nodes.getFirst().log());
        await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> settled()
                && nodes.stream().allMatch(node -> view(node).size() == nodes.size()) && replicasSynced());
    }

    /** Every running node says cluster_state:ok. */
    private boolean settled() {
        return nodes.stream().filter(RedisClusterNode::isRunning)
                .allMatch(node -> cli(node, "CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    /** Every running replica has its primary's link up, so a write acknowledged now can survive a failover. */
    private boolean replicasSynced() {
        return nodes.stream().filter(RedisClusterNode::isRunning).map(node -> cli(node, "INFO", "replication"))
                .filter(info -> info.contains("role:slave")).allMatch(info -> info.contains("master_link_status:up"));
    }

    private List<ClusterNodesLine> view() {
        return view(anyRunning());
    }

    private List<ClusterNodesLine> view(RedisClusterNode node) {
        return cli(node, "CLUSTER", "NODES").lines().filter(line -> !line.isBlank()).map(ClusterNodesLine::parse).toList();
    }

    private RedisClusterNode anyRunning() {
        return nodes.stream().filter(RedisClusterNode::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster runs"));
    }

    private RedisClusterNode byAddress(String address) {
        return nodes.stream().filter(node -> node.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node at " + address));
    }
}
