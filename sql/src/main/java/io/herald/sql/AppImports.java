package io.herald.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.WebhooksConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apps of a configuration file to import into a store: a Herald configuration ({@code apps}) or
 * a soketi one ({@code appManager.array.apps}, as a nested object or soketi's dotted key), each
 * app checked as a configured one. A soketi app's camelCase keys are read as the columns of its
 * table ({@code maxConnections} as {@code max_connections}, ...).
 */
public final class AppImports {

    /** The apps read, and a problem for each app that is no valid app (by its place in the file). */
    public record Read(List<AppConfig> apps, List<String> problems) {}

    private static final Map<String, String> SOKETI_KEYS = Map.ofEntries(
            Map.entry("maxConnections", "max_connections"),
            Map.entry("enableClientMessages", "enable_client_messages"),
            Map.entry("enableUserAuthentication", "enable_user_authentication"),
            Map.entry("maxBackendEventsPerSecond", "max_backend_events_per_sec"),
            Map.entry("maxClientEventsPerSecond", "max_client_events_per_sec"),
            Map.entry("maxReadRequestsPerSecond", "max_read_req_per_sec"),
            Map.entry("maxPresenceMembersPerChannel", "max_presence_members_per_channel"),
            Map.entry("maxPresenceMemberSizeInKb", "max_presence_member_size_in_kb"),
            Map.entry("maxChannelNameLength", "max_channel_name_length"),
            Map.entry("maxEventChannelsAtOnce", "max_event_channels_at_once"),
            Map.entry("maxEventNameLength", "max_event_name_length"),
            Map.entry("maxEventPayloadInKb", "max_event_payload_in_kb"),
            Map.entry("maxEventBatchSize", "max_event_batch_size"));

    private AppImports() {}

    public static Read read(JsonNode file, WebhooksConfig.EndpointDefaults endpointDefaults) {
        ConfigLoader loader = new ConfigLoader();
        List<AppConfig> apps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        JsonNode soketi = file.has("appManager.array.apps") ? file.get("appManager.array.apps")
                : file.path("appManager").path("array").path("apps");
        boolean fromSoketi = soketi.isArray();
        JsonNode list = fromSoketi ? soketi : file.path("apps");
        if (!list.isArray()) {
            problems.add("the file has no apps: neither apps (Herald) nor appManager.array.apps (soketi)");
            return new Read(apps, problems);
        }
        for (int i = 0; i < list.size(); i++) {
            String at = (fromSoketi ? "appManager.array.apps[" : "apps[") + i + "]";
            try {
                ObjectNode fields = fromSoketi ? soketiFields(list.get(i)) : (ObjectNode) list.get(i);
                apps.add(loader.app(fields, endpointDefaults));
            } catch (ConfigException e) {
                e.problems().forEach(problem -> problems.add(at + "." + problem));
            } catch (BadRowException | ClassCastException e) {
                problems.add(at + ": " + e.getMessage());
            }
        }
        return new Read(apps, problems);
    }

    private static ObjectNode soketiFields(JsonNode app) {
        Map<String, Object> row = new LinkedHashMap<>();
        app.properties().forEach(field -> {
            JsonNode value = field.getValue();
            Object plain = value.isNumber() ? (Object) value.longValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : value.isContainerNode() ? value.toString() : value.asText();
            row.put(SOKETI_KEYS.getOrDefault(field.getKey(), field.getKey()), plain);
        });
        return SoketiRows.appFields(row, new ArrayList<>());
    }
}
