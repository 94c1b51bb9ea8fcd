package io.herald.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.channel.ChannelHub.ChannelStats;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code info} parameter: which channel attributes a caller asks for, and writing them. */
final class InfoAttributes {

    static final String USER_COUNT = "user_count";
    static final String SUBSCRIPTION_COUNT = "subscription_count";
    static final String CACHE = "cache";
    static final Set<String> COUNTS = Set.of(USER_COUNT, SUBSCRIPTION_COUNT);

    private InfoAttributes() {}

    /** The attributes named in a comma list (null or blank: none); unknown ones are a 400. */
    static Set<String> parse(String info, Set<String> allowed) {
        if (info == null || info.isBlank()) {
            return Collections.emptySet();
        }
        Set<String> requested = new LinkedHashSet<>();
        for (String part : info.split(",")) {
            String attribute = part.trim();
            if (attribute.isEmpty()) {
                continue;
            }
            if (!allowed.contains(attribute)) {
                throw ApiException.badRequest("Unknown info attribute '" + attribute + "'; expected "
                        + String.join(" or ", allowed.stream().sorted().toList()));
            }
            requested.add(attribute);
        }
        return requested;
    }

    /** Adds the requested counts; user_count only for presence channels, where it means something. */
    static ObjectNode writeCounts(ObjectNode out, String channel, ChannelStats stats, Set<String> requested) {
        if (requested.contains(USER_COUNT) && isPresence(channel)) {
            out.put(USER_COUNT, stats.userCount());
        }
        if (requested.contains(SUBSCRIPTION_COUNT)) {
            out.put(SUBSCRIPTION_COUNT, stats.subscriptionCount());
        }
        return out;
    }

    static boolean isPresence(String channel) {
        return ChannelName.kind(channel) == ChannelKind.PRESENCE;
    }
}
