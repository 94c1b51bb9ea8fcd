package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration reference stays true to the bundled defaults. */
class ConfigurationDocsTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void everyKeyOfTheDefaultsIsInTheReferenceWithItsDefault() throws IOException {
        String reference = Files.readString(REFERENCE);
        List<String> rows = new ArrayList<>();
        collectRows("", ConfigSchema.bundled().root(), rows);

        assertThat(rows).hasSizeGreaterThan(30);
        assertThat(reference).contains(rows);
    }

    /** "| `server.port` | `6001` |" for each key; app keys as apps[].key. */
    private static void collectRows(String prefix, JsonNode node, List<String> rows) {
        node.properties().forEach(field -> {
            String path = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                collectRows(path + ".", value, rows);
            } else if (path.equals(ConfigSchema.APPS)) {
                collectRows("apps[].", value.get(0), rows);
            } else {
                rows.add("| `" + path + "` | `" + written(value) + "` |");
            }
        });
    }

    private static String written(JsonNode value) {
        if (value.isTextual()) {
            return value.asText().isEmpty() ? "\"\"" : value.asText();
        }
        return value.isArray() ? value.toString() : value.asText();
    }
}
