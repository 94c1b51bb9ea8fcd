package io.herald.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problems found in a configuration, each naming its key path and, when the value came from
 * the environment or a {@code --set} flag, where it came from: the file is the reader's default
 * assumption, a variable they forgot they exported is not.
 */
final class Problems {

    private final List<String> messages = new ArrayList<>();
    private final Map<String, String> origins = new HashMap<>();
    private final Set<String> reportedPaths = new HashSet<>();
    private Set<String> settledPaths = Set.of();

    /** Records that the value at {@code path} (and everything under it) came from {@code origin}. */
    void origin(String path, String origin) {
        origins.keySet().removeIf(recorded -> isUnder(recorded, path));
        origins.put(path, origin);
    }

    /**
     * From now on, keys that already have a problem get no more: a later check that sees a
     * default standing in for a rejected value would only add noise.
     */
    void settleReportedKeys() {
        settledPaths = Set.copyOf(reportedPaths);
    }

    /** A problem with the value at {@code path}, e.g. {@code server.port} or {@code apps[1].key}. */
    void at(String path, String message) {
        if (settledPaths.contains(path)) {
            return;
        }
        reportedPaths.add(path);
        String origin = originOf(path);
        messages.add(path + ": " + message + (origin == null ? "" : " (from " + origin + ")"));
    }

    /** A problem that belongs to no single key, such as a file that cannot be read. */
    void general(String message) {
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    int size() {
        return messages.size();
    }

    List<String> list() {
        return List.copyOf(messages);
    }

    private String originOf(String path) {
        for (String candidate = path; !candidate.isEmpty(); candidate = parent(candidate)) {
            String origin = origins.get(candidate);
            if (origin != null) {
                return origin;
            }
        }
        return null;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static boolean isUnder(String path, String ancestor) {
        return path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
    }
}
