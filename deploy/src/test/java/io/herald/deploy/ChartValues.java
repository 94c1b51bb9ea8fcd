package io.herald.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a release ends up with: the chart's values.yaml overlaid with values files the way
 * Helm does it (maps merge key by key, anything else is replaced). Lets a test compare what was
 * rendered with what was asked for.
 */
final class ChartValues {

    private final Map<String, Object> values;

    private ChartValues(Map<String, Object> values) {
        this.values = values;
    }

    static ChartValues of(HelmChart chart, List<Path> valuesFiles) {
        Map<String, Object> merged = read(chart.source().resolve("values.yaml"));
        for (Path file : valuesFiles) {
            merged = merge(merged, read(file));
        }
        return new ChartValues(merged);
    }

    /** The value at a dotted path, e.g. gateway.drain.windowSeconds. */
    Object get(String path) {
        Object current = values;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(step)) {
                throw new IllegalArgumentException("no value at " + path);
            }
            current = map.get(step);
        }
        return current;
    }

    int integer(String path) {
        return ((Number) get(path)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            Object existing = merged.get(key);
            if (existing instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> overlayMap) {
                merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) overlayMap));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> values = Yaml.MAPPER.readValue(file.toFile(), Yaml.MAPPER.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class));
            return values == null ? Map.of() : values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
