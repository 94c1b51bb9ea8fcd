package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.it.node.NodeSuite;
import io.herald.it.node.NodeToolchain;
import io.herald.sql.HeraldTables;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.PostgresServer;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web console in a real browser: Debian's Chromium, driven by playwright-core from npm,
 * against a two-node cluster whose apps are in PostgreSQL. Runs it/src/test/node/console
 * (console.browser.js) and reports each of its tests here. Its screenshots go to
 * it/target/console-screenshots/, and to docs/console/ with {@code -Dherald.console.doc-screenshots=true}
 * (so that a test run leaves the tracked ones alone).
 *
 * <p>Needs Node.js 20+ with npm and /usr/bin/chromium (tools/test-tools.sh installs both);
 * without them the test fails and says so.
 */
class ConsoleBrowserIT {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);
    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    /** Set to {@code true} to write the screenshots into docs/console/, where the documentation shows them. */
    static final String DOC_SCREENSHOTS = "herald.console.doc-screenshots";
    private static final Path SUITE = Path.of("src", "test", "node");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final String ADMIN_TOKEN = "console-admin-token-0123456789";
    private static final String READ_TOKEN = "console-read-token-0123456789";

    @TestFactory
    Stream<DynamicTest> theConsoleWorksInChromium() {
        assertThat(CHROMIUM).as("Chromium (Debian's chromium package; ./herald setup installs it)").isExecutable();
        Path module = Path.of(System.getProperty("basedir", "."));
        NodeSuite suite = new NodeSuite(NodeToolchain.fromPath(), module.resolve(SUITE),
                module.resolve("target/console-browser"));
        suite.installDependencies(INSTALL_TIMEOUT);
        createTables();
        Path screenshots = Boolean.getBoolean(DOC_SCREENSHOTS) ? module.resolve("../docs/console").normalize()
                : module.resolve("target/console-screenshots");
        NodeSuite.Run run;
        try (TestNode a = node("node-a"); TestNode b = node("node-b")) {
            run = suite.run(Map.ofEntries(
                    Map.entry("HERALD_HOST", TestNode.HOST),
                    Map.entry("HERALD_PORT", Integer.toString(a.port())),
                    Map.entry("HERALD_PORT_B", Integer.toString(b.port())),
                    Map.entry("HERALD_CONSOLE_A", "http://" + TestNode.HOST + ":" + a.metricsPort()),
                    Map.entry("HERALD_NODE_B", "node-b"),
                    Map.entry("HERALD_ADMIN_TOKEN", ADMIN_TOKEN),
                    Map.entry("HERALD_READ_TOKEN", READ_TOKEN),
                    // The app the console creates; its secret is read from the console.
                    Map.entry("HERALD_APP_ID", "shop"),
                    Map.entry("HERALD_APP_KEY", "shop-key"),
                    Map.entry("HERALD_APP_SECRET", "read-from-the-console"),
                    Map.entry("HERALD_SCREENSHOTS", screenshots.toString())),
                    RUN_TIMEOUT, List.of("console/console.browser.js"));
        }
        assertThat(Files.isDirectory(screenshots)).isTrue();
        return Stream.concat(run.report().tests().stream().map(NodeClientsIT::asDynamicTest),
                Stream.of(NodeClientsIT.exitedCleanly(run)));
    }

    private static void createTables() {
        POSTGRES.get().execute("DROP TABLE IF EXISTS apps", "DROP TABLE IF EXISTS herald_app_settings",
                "DROP TABLE IF EXISTS herald_schema_history");
        POSTGRES.get().execute(SoketiFixtures.POSTGRES);
        HeraldTables.migrate(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), storeSettings()))
                .appStore());
    }

    private static List<String> storeSettings() {
        return List.of("app-store.driver=postgres", "app-store.url=" + POSTGRES.get().jdbcUrl(),
                "app-store.username=" + PostgresServer.USER);
    }

    /** A node of the cluster; changes reach the other node over the bus, not by re-reading the table. */
    private static TestNode node(String id) {
        List<String> settings = new ArrayList<>(storeSettings());
        settings.addAll(List.of("app-store.refresh-interval=600000", "cluster.enabled=true", "cluster.node-id=" + id,
                "cluster.redis.url=" + REDIS.get().url(),
                "webhooks.sender.block-private-networks=false",
                "admin.read-tokens={viewer: " + READ_TOKEN + "}",
                "admin.admin-tokens={ops: " + ADMIN_TOKEN + "}"));
        return TestNode.start(settings.toArray(String[]::new));
    }
}
