package io.herald.testkit.base;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server process (or a set of them, such as a {@link RedisClusterServer}) shared by the tests of one class: started before the first test, stopped
 * after the last, whatever happened in between. A test may kill or restart it; the next test of
 * the class gets it as that test left it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);
 * ... REDIS.get().url() ...
 * }</pre>
 */
public final class ServerPerClass<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<S> start;
    private volatile S server;

    public ServerPerClass(Supplier<S> start) {
        this.start = start;
    }

    /** The running server; only between the class's first and last test. */
    public S get() {
        S running = server;
        if (running == null) {
            throw new IllegalStateException("the server runs only while the tests of its class run");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        S running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }
}
