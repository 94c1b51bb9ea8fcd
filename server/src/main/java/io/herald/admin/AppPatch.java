package io.herald.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code PATCH /admin/apps/{id}}: a JSON object of app keys as they are written in
 * the configuration, each replacing the app's value, a null putting the key back to its default
 * (JSON merge patch, RFC 7396, one level deep: a list such as {@code webhooks} is replaced whole).
 * What the keys must hold is checked by the store against the app with the changes laid over; here
 * only what no app key may do: change the id or a secret.
 */
final class AppPatch {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys a patch may not touch, each with what to do instead. */
    private static final List<List<String>> FIXED = List.of(
            List.of("id", "an app's id cannot change: create a new app"),
            List.of("secret", "use POST /admin/apps/{id}/rotate-secret?grace=SECONDS"),
            List.of("previous-secret", "use POST /admin/apps/{id}/rotate-secret?grace=SECONDS"),
            List.of("previous-secret-expires-at", "use POST /admin/apps/{id}/rotate-secret?grace=SECONDS"));

    private AppPatch() {}

    /** The changes of a PATCH body; throws {@link BadPatchException} naming every problem. */
    static ObjectNode changes(String body) {
        JsonNode parsed;
        try {
            parsed = body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        if (!(parsed instanceof ObjectNode changes) || changes.isEmpty()) {
            throw new BadPatchException("The body must be a JSON object of the app keys to change, such as"
                    + " {\"max-connections\": 1000, \"client-events\": false}; null puts a key back to its default");
        }
        List<String> problems = new ArrayList<>();
        for (List<String> fixed : FIXED) {
            if (changes.has(fixed.get(0))) {
                problems.add(fixed.get(0) + ": not changed by PATCH (" + fixed.get(1) + ")");
            }
        }
        if (changes.has("key") && !changes.get("key").isTextual()) {
            problems.add("key: must be text");
        }
        if (!problems.isEmpty()) {
            throw new BadPatchException(String.join("; ", problems));
        }
        return changes;
    }

    /** A PATCH body that asks for what no app may have; answered with 400. */
    static final class BadPatchException extends RuntimeException {

        BadPatchException(String message) {
            super(message);
        }
    }
}
