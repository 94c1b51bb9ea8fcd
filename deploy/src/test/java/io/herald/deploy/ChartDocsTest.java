package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/kubernetes.md lists every value of the chart's values.yaml in its values table. */
class ChartDocsTest {

    /** Values documented as a whole, not key by key. */
    private static final Set<String> WHOLE = Set.of("resources", "labels", "podSecurityContext", "securityContext");

    @Test
    @SuppressWarnings("unchecked")
    void documentsEveryValue() throws IOException {
        Map<String, Object> values = Yaml.MAPPER.readValue(HelmChart.shared().source().resolve("values.yaml").toFile(), Map.class);
        String docs = Files.readString(DeployFiles.repositoryDir().resolve("docs/kubernetes.md"));

        List<String> paths = new ArrayList<>();
        collect(values, "", paths);
        assertThat(paths).hasSizeGreaterThan(100)
                .filteredOn(path -> !docs.contains("| `" + path + "` |"))
                .as("values missing from the table in docs/kubernetes.md").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> values, String prefix, List<String> paths) {
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && !map.isEmpty() && !WHOLE.contains(key)) {
                collect((Map<String, Object>) map, prefix + key + ".", paths);
            } else {
                paths.add(prefix + key);
            }
        });
    }
}
