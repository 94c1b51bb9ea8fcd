package io.herald.it.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.it.node.NodeTestReport.NodeTest;
import io.herald.it.node.NodeTestReport.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTestReportTest {

    /** Trimmed from what node 20's junit reporter wrote for a describe block and a top-level test. */
    private static final String JUNIT = """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites>
            \t<testcase name="top level" time="0.001" classname="test"/>
            \t<testsuite name="presence channels" time="0.4" tests="3" failures="1" skipped="1">
            \t\t<testcase name="counts a user once" time="0.2" classname="test"/>
            \t\t<testcase name="announces a member" time="0.1" classname="test" failure="boom">
            \t\t\t<failure type="testCodeFailure" message="boom">
            Error [ERR_TEST_FAILURE]: boom
            \t\t\t</failure>
            \t\t</testcase>
            \t\t<testcase name="later" time="0" classname="test">
            \t\t\t<skipped type="skipped" message="not yet"/>
            \t\t</testcase>
            \t</testsuite>
            \t<!-- tests 4 -->
            </testsuites>
            """;

    @Test
    void namesEachTestByItsDescribeBlocksAndKeepsTheFailureText(@TempDir Path dir) throws IOException {
        Path xml = Files.writeString(dir.resolve("junit.xml"), JUNIT);

        NodeTestReport report = NodeTestReport.read(xml);

        assertThat(report.tests()).containsExactly(
                new NodeTest("top level", Outcome.PASSED, null),
                new NodeTest("presence channels > counts a user once", Outcome.PASSED, null),
                new NodeTest("presence channels > announces a member", Outcome.FAILED, "Error [ERR_TEST_FAILURE]: boom"),
                new NodeTest("presence channels > later", Outcome.SKIPPED, null));
        assertThat(report.failed()).extracting(NodeTest::name).containsExactly("presence channels > announces a member");
        assertThat(report.count(Outcome.PASSED)).isEqualTo(2);
    }
}
