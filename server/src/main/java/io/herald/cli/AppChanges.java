package io.herald.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/**
 * The JSON body of {@code herald apps update}: each {@code --set key=value} with its value read as
 * YAML (so {@code 1000}, {@code false}, {@code '[a, b]'} and JSON alike), each {@code --unset key}
 * a null, which the admin API takes as "back to the default".
 */
final class AppChanges {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppChanges() {}

    /** Throws {@link IllegalArgumentException} naming a malformed option. */
    static String body(List<String> sets, List<String> unsets) {
        ObjectNode changes = JSON.createObjectNode();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + set + ": expected KEY=VALUE, e.g. --set max-connections=1000");
            }
            changes.set(set.substring(0, eq).strip(), value(set.substring(0, eq).strip(), set.substring(eq + 1).strip()));
        }
        unsets.forEach(key -> changes.putNull(key.strip()));
        return changes.toString();
    }

    private static JsonNode value(String key, String raw) {
        if (raw.isEmpty()) {
            return JSON.getNodeFactory().textNode("");
        }
        try {
            JsonNode value = YAML.readTree(raw);
            return value == null || value.isMissingNode() ? JSON.getNodeFactory().textNode(raw) : value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--set " + key + ": not valid YAML or JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}
