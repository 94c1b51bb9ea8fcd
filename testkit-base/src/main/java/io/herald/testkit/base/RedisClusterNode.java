package io.herald.testkit.base;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code redis-server} of a {@link RedisClusterServer}: cluster mode, its cluster bus on a
 * port of its own (not port + 10000, which may be past 65535 for a free port), a short node
 * timeout so that a replica takes over a killed primary within a couple of seconds, and its
 * append-only file fsynced on every write.
 */
public final class RedisClusterNode extends ServerProcess {

    /** Milliseconds a node may be unreachable before the others take it for failed. */
    static final int NODE_TIMEOUT_MILLIS = 1000;

    private final int busPort = freePort();

    RedisClusterNode() {
        super("redis-server", "redis-server");
    }

    static RedisClusterNode start() {
        return started(new RedisClusterNode());
    }

    /** 127.0.0.1:PORT, as CLUSTER NODES writes it. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    List<String> command(int port, Path dataDir) {
        return List.of("redis-server",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--cluster-enabled", "yes",
                "--cluster-port", Integer.toString(busPort),
                "--cluster-config-file", dataDir.resolve("nodes.conf").toString(),
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                "--save", "",
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--dir", dataDir.toString(),
                "--daemonize", "no",
                "--logfile", "");
    }

    @Override
    boolean answers(int port) {
        return LineProbe.answers(port, "PING\r\n", "+PONG");
    }
}
