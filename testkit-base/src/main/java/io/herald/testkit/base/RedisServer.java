package io.herald.testkit.base;

import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, its append-only file fsynced on every write
 * so that {@link #kill()} followed by {@link #restart()} keeps every acknowledged write. Close it
 * with try-with-resources; it never touches the machine's own Redis.
 */
public final class RedisServer extends ServerProcess {

    private RedisServer() {
        super("redis-server", "redis-server");
    }

    /** Starts a server with an empty data directory and waits until it answers PING. */
    public static RedisServer start() {
        return started(new RedisServer());
    }

    /** redis://127.0.0.1:PORT */
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    List<String> command(int port, Path dataDir) {
        return List.of("redis-server",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "yes",
                "--appendfsync", "always",
                "--dir", dataDir.toString(),
                "--daemonize", "no",
                "--logfile", "");
    }

    /** A server still loading its append-only file answers -LOADING, which is not ready. */
    @Override
    boolean answers(int port) {
        return LineProbe.answers(port, "PING\r\n", "+PONG");
    }
}
