package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.herald.it.node.NodeSuite;
import io.herald.it.node.NodeTestReport;
import io.herald.it.node.NodeTestReport.NodeTest;
import io.herald.it.node.NodeTestReport.Outcome;
import io.herald.it.node.NodeToolchain;
import io.herald.testkit.TestNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * pusher-js and the pusher Node server SDK, from npm, against a real node: runs the
 * {@code node --test} suite in it/src/test/node and reports each of its tests here under its own
 * name, plus one test that the runner exited cleanly.
 *
 * <p>Needs Node.js 20+ with npm on PATH; without them the test fails and says so.
 */
class NodeClientsIT {

    private static final Path SUITE = Path.of("src", "test", "node");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final String APP_ID = "node-e2e";
    private static final String APP_KEY = "node-e2e-key";

    @TestFactory
    Stream<DynamicTest> officialNodeClientsWorkAgainstARealNode() {
        Path module = Path.of(System.getProperty("basedir", "."));
        NodeSuite suite = new NodeSuite(NodeToolchain.fromPath(), module.resolve(SUITE), module.resolve("target/node-e2e"));
        suite.installDependencies(INSTALL_TIMEOUT);

        String secret = randomHex(20);
        NodeSuite.Run run;
        // A dedicated app with client events on (the default), so the suite needs no demo credentials.
        try (TestNode node = TestNode.start("apps=[{id: " + APP_ID + ", key: " + APP_KEY + ", secret: " + secret
                + ", client-events: true}]")) {
            run = suite.run(environment(node, secret), RUN_TIMEOUT);
        }
        return Stream.concat(run.report().tests().stream().map(NodeClientsIT::asDynamicTest), Stream.of(exitedCleanly(run)));
    }

    private static Map<String, String> environment(TestNode node, String secret) {
        return Map.of(
                "HERALD_HOST", TestNode.HOST,
                "HERALD_PORT", Integer.toString(node.port()),
                "HERALD_APP_ID", APP_ID,
                "HERALD_APP_KEY", APP_KEY,
                "HERALD_APP_SECRET", secret,
                "HERALD_ENCRYPTION_MASTER_KEY", Base64.getEncoder().encodeToString(randomBytes(32)));
    }

    static DynamicTest asDynamicTest(NodeTest test) {
        return dynamicTest(test.name(), () -> {
            switch (test.outcome()) {
                case PASSED -> { }
                case SKIPPED -> Assumptions.abort("skipped by the node test runner");
                case FAILED -> fail("node test failed: " + test.name() + "\n" + test.failure());
            }
        });
    }

    static DynamicTest exitedCleanly(NodeSuite.Run run) {
        NodeTestReport report = run.report();
        return dynamicTest("node --test exits with 0 and runs every test", () -> {
            String summary = report.count(Outcome.PASSED) + " passed, " + report.count(Outcome.FAILED) + " failed, "
                    + report.count(Outcome.SKIPPED) + " skipped";
            String failures = report.failed().stream().map(NodeTest::name).collect(Collectors.joining("\n  "));
            assertThat(run.exitCode())
                    .as("node --test exit code (%s)%s%nlast output:%n%s", summary,
                            failures.isEmpty() ? "" : "; failing node tests:\n  " + failures, run.outputTail())
                    .isZero();
            assertThat(report.tests()).as("node tests reported").isNotEmpty();
        });
    }

    private static String randomHex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
