package io.herald.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found in a configuration, each naming its key path and, when the value came from
 * the environment or a {@code --set} flag, where it came from: the file is the reader's default
 * assumption, a variable they forgot they exported is not.
 */
final class Problems {

    private final List<String> messages = new ArrayList<>();
    private final Map<String, String> origins = new HashMap<>();

    /** Records that the value at {@code path} (and everything under it) came from {@code origin}. */
    void origin(String path, String origin) {
        origins.keySet().removeIf(recorded -> isUnder(recorded, path));
        origins.put(path, origin);
    }

    /** A problem with the value at {@code path}, e.g. {@code server.port} or {@code apps[1].key}. */
    void at(String path, String message) {
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
