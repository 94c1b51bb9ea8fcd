package io.herald.redis;

import io.herald.cluster.Transition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes what the scripts of {@link RedisStateScripts} return. */
final class StateReplies {

    private StateReplies() {}

    @SuppressWarnings("unchecked")
    static List<Object> list(Object reply) {
        return reply == null ? List.of() : (List<Object>) reply;
    }

    /** An integer reply, or a number the script returned as text. */
    static long number(Object value) {
        return value instanceof Long l ? l : Long.parseLong((String) value);
    }

    static boolean flag(Object reply) {
        return number(reply) == 1;
    }

    /** {@code k1, v1, k2, v2, ...} from index {@code from} on, as a map in that order. */
    static Map<String, String> pairs(List<Object> values, int from) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = from; i + 1 < values.size(); i += 2) {
            map.put((String) values.get(i), (String) values.get(i + 1));
        }
        return map;
    }

    /**
     * Transitions written by the scripts' {@code report} as six strings each: type, app, channel,
     * user, value, presence version.
     */
    static List<Transition> transitions(List<Object> values, int from) {
        List<Transition> transitions = new ArrayList<>((values.size() - from) / 6);
        for (int i = from; i + 5 < values.size(); i += 6) {
            String type = (String) values.get(i);
            String app = (String) values.get(i + 1);
            String channel = (String) values.get(i + 2);
            String user = (String) values.get(i + 3);
            String value = (String) values.get(i + 4);
            long version = Long.parseLong((String) values.get(i + 5));
            transitions.add(switch (type) {
                case "occupied" -> new Transition.ChannelOccupied(app, channel, Long.parseLong(value));
                case "vacated" -> new Transition.ChannelVacated(app, channel);
                case "count" -> new Transition.SubscriptionCountChanged(app, channel, Long.parseLong(value));
                case "member_added" -> new Transition.MemberAdded(app, channel, user, value, version);
                case "member_removed" -> new Transition.MemberRemoved(app, channel, user, version);
                case "online" -> new Transition.UserOnline(app, user);
                case "offline" -> new Transition.UserOffline(app, user);
                default -> throw new IllegalStateException("unknown transition " + type);
            });
        }
        return transitions;
    }
}
