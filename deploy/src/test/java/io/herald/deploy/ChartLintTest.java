package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict}: the chart's structure, templates and default values. */
class ChartLintTest {

    @Test
    void passesStrictLint() {
        LintResult result = HelmChart.shared().lint();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.startsWith("[WARNING]") || message.startsWith("[ERROR]"));
    }
}
