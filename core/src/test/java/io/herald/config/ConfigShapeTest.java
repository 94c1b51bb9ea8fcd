package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Kinds of keys the bundled defaults do not have yet, checked against a schema of their own. */
class ConfigShapeTest {

    private static final ConfigSchema SCHEMA = ConfigSchema.of("""
            sender:
              jitter: 0.2
              retry-delays: [1000, 5000]
              headers: []
              redis:
                url: redis://localhost:6379
                key-prefix: "herald:"
            apps:
              - {id: a, key: k, secret: s}
            """);

    private final Problems problems = new Problems();

    private ObjectNode typed(String yaml) throws Exception {
        ObjectNode user = (ObjectNode) ConfigSchema.yamlReader().readTree(yaml);
        return new ConfigShape(SCHEMA, problems).typed(user);
    }

    @Test
    void decimalKeysTakeNumbersAndNumericText() throws Exception {
        ObjectNode typed = typed("sender: {jitter: '0.5'}");

        assertThat(typed.at("/sender/jitter").doubleValue()).isEqualTo(0.5);
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void decimalKeysRejectText() throws Exception {
        typed("sender: {jitter: lots}");

        assertThat(problems.list()).containsExactly("sender.jitter: expected a number, got 'lots'");
    }

    @Test
    void listItemsTakeTheTypeOfTheDefaultItems() throws Exception {
        ObjectNode typed = typed("sender: {retry-delays: ['100', 200, soon]}");

        assertThat(typed.at("/sender/retry-delays").toString()).isEqualTo("[100,200]");
        assertThat(problems.list()).containsExactly("sender.retry-delays[2]: expected a whole number, got 'soon'");
    }

    @Test
    void itemsOfAListEmptyByDefaultAreLeftForBinding() throws Exception {
        JsonNode headers = typed("sender: {headers: [{name: a}, 3]}").at("/sender/headers");

        assertThat(headers.toString()).isEqualTo("[{\"name\":\"a\"},3]");
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void nestedSectionsAreCheckedAndMergeOverTheirDefaultsKeyByKey() throws Exception {
        ObjectNode typed = typed("sender: {redis: {url: 'redis://r:6379', keyprefix: x}}");

        assertThat(problems.list()).containsExactly("sender.redis.keyprefix: unknown key; did you mean key-prefix?");
        ObjectNode merged = SCHEMA.mergeOverDefaults(typed);
        assertThat(merged.at("/sender/redis/url").asText()).isEqualTo("redis://r:6379");
        assertThat(merged.at("/sender/redis/key-prefix").asText()).isEqualTo("herald:");
        assertThat(merged.at("/sender/jitter").doubleValue()).isEqualTo(0.2);
    }
}
