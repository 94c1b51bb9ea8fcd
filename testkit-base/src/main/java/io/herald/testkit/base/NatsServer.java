package io.herald.testkit.base;

import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code nats-server} with JetStream on a free loopback port, storing streams in its own
 * directory so that {@link #restart()} keeps them. Close it with try-with-resources; it never
 * touches the machine's own NATS.
 */
public final class NatsServer extends ServerProcess {

    private NatsServer() {
        super("nats-server", "nats-server");
    }

    /** Starts a server with an empty store and waits until it answers PING. */
    public static NatsServer start() {
        return started(new NatsServer());
    }

    /** nats://127.0.0.1:PORT */
    public String url() {
        return "nats://127.0.0.1:" + port();
    }

    @Override
    List<String> command(int port, Path dataDir) {
        return List.of("nats-server", "-js", "-sd", dataDir.toString(), "-p", Integer.toString(port), "-a", "127.0.0.1");
    }

    @Override
    boolean answers(int port) {
        return LineProbe.answers(port, "CONNECT {\"verbose\":false}\r\nPING\r\n", "PONG");
    }
}
