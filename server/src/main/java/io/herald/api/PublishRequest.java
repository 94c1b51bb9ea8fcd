package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One event to publish, validated against the app's limits (docs/http-api.md): the
 * shape of a {@code /events} body and of each {@code /batch_events} item.
 *
 * @param channels distinct channel names, in the order given
 * @param socketId the connection to leave out, or null
 * @param info the attributes to report back (user_count, subscription_count), maybe none
 */
record PublishRequest(String name, String data, List<String> channels, String socketId, Set<String> info) {

    private static final Pattern SOCKET_ID = Pattern.compile("\\d+\\.\\d+");
    private static final List<String> RESERVED_PREFIXES = List.of("pusher:", "pusher_internal:");

    /** Validates a {@code /events} body, which names its channels with {@code channels} or {@code channel}. */
    static PublishRequest ofEvent(ObjectNode body, AppConfig app) {
        return parse(body, app, app.maxChannelsPerPublish());
    }

    /** Validates a batch item, which names exactly one channel. */
    static PublishRequest ofBatchItem(ObjectNode item, AppConfig app) {
        return parse(item, app, 1);
    }

    private static PublishRequest parse(ObjectNode body, AppConfig app, int maxChannels) {
        String name = eventName(optionalText(body, "name"), app);
        List<String> channels = channels(givenChannels(body), app, maxChannels);
        String data = data(body);
        String socketId = checkedSocketId(optionalText(body, "socket_id"));
        return sized(name, channels, data, socketId, InfoAttributes.parse(optionalText(body, "info"), InfoAttributes.COUNTS), app);
    }

    /**
     * Validates a {@code /events} body whose fields a streaming read found, all strings as the
     * SDKs send them: the same checks in the same order as {@link #ofEvent}, whose tree read gives
     * these values (and the type errors they cannot have).
     *
     * @param channels the {@code channels} array, or null when absent
     * @param channel the {@code channel} field, or null when absent
     */
    static PublishRequest ofEventFields(String name, List<String> channels, String channel, String data, String socketId,
            String info, AppConfig app) {
        String validName = eventName(name, app);
        List<String> validChannels = channels(channels != null ? channels : givenChannel(channel), app, app.maxChannelsPerPublish());
        String validData = requireData(data);
        String validSocketId = checkedSocketId(socketId);
        return sized(validName, validChannels, validData, validSocketId, InfoAttributes.parse(info, InfoAttributes.COUNTS), app);
    }

    private static PublishRequest sized(String name, List<String> channels, String data, String socketId, Set<String> info,
            AppConfig app) {
        int size = data.getBytes(StandardCharsets.UTF_8).length;
        if (size > app.maxEventSize()) {
            throw ApiException.tooLarge("Event data is " + size + " bytes, more than the limit of " + app.maxEventSize() + " bytes");
        }
        return new PublishRequest(name, data, channels, socketId, info);
    }

    private static String eventName(String name, AppConfig app) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("Missing event name: give \"name\"");
        }
        if (name.length() > app.maxEventNameLength()) {
            throw ApiException.badRequest("Event name is longer than " + app.maxEventNameLength() + " characters");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                throw ApiException.badRequest("Event name '" + name + "' is reserved: names starting with "
                        + String.join(" or ", RESERVED_PREFIXES) + " belong to the protocol");
            }
        }
        return name;
    }

    private static List<String> channels(List<String> given, AppConfig app, int maxChannels) {
        if (given.isEmpty()) {
            throw ApiException.badRequest("An event must name at least one channel");
        }
        if (given.size() > maxChannels) {
            throw ApiException.badRequest(maxChannels == 1
                    ? "A batch event names exactly one channel (\"channel\"), not " + given.size()
                    : "Too many channels: " + given.size() + " given, at most " + maxChannels + " per event");
        }
        Set<String> distinct = new LinkedHashSet<>(given);
        for (String channel : distinct) {
            String problem = ChannelName.problem(channel, app.maxChannelNameLength());
            if (problem != null) {
                throw ApiException.badRequest(problem);
            }
            if (distinct.size() > 1 && ChannelName.kind(channel) == ChannelKind.ENCRYPTED) {
                throw ApiException.badRequest("Cannot publish to several channels when one is encrypted ('" + channel
                        + "'): publish to a private-encrypted- channel on its own");
            }
        }
        return List.copyOf(distinct);
    }

    private static List<String> givenChannels(ObjectNode body) {
        JsonNode channels = body.get("channels");
        if (channels != null && !channels.isNull()) {
            if (!channels.isArray()) {
                throw ApiException.badRequest("\"channels\" must be an array of channel names");
            }
            List<String> names = new ArrayList<>(channels.size());
            for (JsonNode channel : channels) {
                if (!channel.isTextual()) {
                    throw ApiException.badRequest("\"channels\" must contain only strings");
                }
                names.add(channel.textValue());
            }
            return names;
        }
        return givenChannel(optionalText(body, "channel"));
    }

    private static List<String> givenChannel(String channel) {
        if (channel == null) {
            throw ApiException.badRequest("Missing channels: give \"channels\" (an array of names) or \"channel\"");
        }
        return List.of(channel);
    }

    /** A string is relayed as it is; any other JSON value is relayed as its JSON text. */
    private static String data(ObjectNode body) {
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            return requireData(null);
        }
        return data.isTextual() ? data.textValue() : data.toString();
    }

    private static String requireData(String data) {
        if (data == null) {
            throw ApiException.badRequest("Missing event data: give \"data\" (a string)");
        }
        return data;
    }

    private static String checkedSocketId(String socketId) {
        if (socketId != null && !SOCKET_ID.matcher(socketId).matches()) {
            throw ApiException.badRequest("Invalid socket_id '" + socketId + "': expected two numbers joined by a dot, like 1234.5678");
        }
        return socketId;
    }

    /** The string at {@code field}, null when absent or JSON null, else a 400. */
    private static String optionalText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("\"" + field + "\" must be a string");
        }
        return value.textValue();
    }
}
