package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.it.node.NodeSuite;
import io.herald.it.node.NodeTestReport;
import io.herald.it.node.NodeTestReport.Outcome;
import io.herald.it.node.NodeToolchain;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.MariaDbServer;
import io.herald.testkit.base.PostgresServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * soketi's own fixture rows, in soketi's PostgreSQL schema and in its MySQL schema (on MariaDB),
 * served unchanged by a node whose app store is that database, to pusher-js from npm: it
 * subscribes, receives an event published with pusher-http-java, and relays a client event, which
 * the row enables ({@code it/src/test/node/soketi/fixture-app.js}).
 */
class SoketiTablePusherJsIT {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);
    @RegisterExtension
    static final ServerPerClass<MariaDbServer> MARIADB = new ServerPerClass<>(MariaDbServer::start);

    private static final Path SUITE = Path.of("src", "test", "node");
    private static final String FILE = "soketi/fixture-app.js";

    @Test
    void servesSoketisPostgresFixtureToPusherJs() {
        POSTGRES.get().execute("DROP TABLE IF EXISTS apps");
        POSTGRES.get().execute(SoketiFixtures.POSTGRES);

        runAgainst("postgres", "app-store.driver=postgres", "app-store.url=" + POSTGRES.get().jdbcUrl(),
                "app-store.username=" + PostgresServer.USER);
    }

    @Test
    void servesSoketisMysqlFixtureOnMariaDbToPusherJs() {
        MARIADB.get().execute("DROP TABLE IF EXISTS apps");
        MARIADB.get().execute(SoketiFixtures.MYSQL);

        runAgainst("mysql", "app-store.driver=mysql", "app-store.url=" + MARIADB.get().mysqlUrl(),
                "app-store.username=" + MariaDbServer.USER);
    }

    private static void runAgainst(String label, String... store) {
        Path module = Path.of(System.getProperty("basedir", "."));
        NodeSuite suite = new NodeSuite(NodeToolchain.fromPath(), module.resolve(SUITE),
                module.resolve("target/node-soketi-" + label));
        suite.installDependencies(Duration.ofMinutes(5));
        NodeSuite.Run run;
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        try (TestNode node = TestNode.start(store); RestApi api = RestApi.of(node)) {
            // Until the file ends: its client subscribes at some point and takes the next one.
            publisher.scheduleWithFixedDelay(() -> api.trigger("soketi-fixture", "from-java",
                    Map.of("published", "by pusher-http-java")), 0, 100, TimeUnit.MILLISECONDS);
            run = suite.run(Map.of(
                    "HERALD_HOST", TestNode.HOST,
                    "HERALD_PORT", Integer.toString(node.port()),
                    "HERALD_APP_ID", "app-id",
                    "HERALD_APP_KEY", "app-key",
                    "HERALD_APP_SECRET", "app-secret"), Duration.ofMinutes(2), List.of(FILE));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            publisher.shutdownNow();
        }
        NodeTestReport report = run.report();
        assertThat(report.failed()).as("failed node tests; last output:%n%s", run.outputTail()).isEmpty();
        assertThat(report.count(Outcome.PASSED)).as("node tests passed").isGreaterThanOrEqualTo(2);
        assertThat(run.exitCode()).isZero();
    }
}
