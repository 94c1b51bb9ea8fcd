package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict}: the chart's structure, templates and default values; its version. */
class ChartLintTest {

    @Test
    void passesStrictLint() {
        LintResult result = HelmChart.shared().lint();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.startsWith("[WARNING]") || message.startsWith("[ERROR]"));
    }

    @Test
    void deploysTheImageOfThisVersionByDefault() throws IOException {
        Map<?, ?> chart = Yaml.MAPPER.readValue(HelmChart.shared().source().resolve("Chart.yaml").toFile(), Map.class);
        String projectVersion = System.getProperty("herald.project.version");

        // The image tag defaults to appVersion: the release this chart is part of.
        assertThat(chart.get("appVersion")).isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
    }
}
