package io.herald.channel;

import io.herald.json.JsonText;
import io.herald.protocol.PusherMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is present in a presence channel on this node: one member per user id however many sockets
 * the user has; the first connection's {@code user_info} is kept until the user fully leaves.
 * This node's share of the channel's members, which it re-asserts to the cluster state; whether a
 * user is a member of the channel anywhere is the state's to say. Joins and leaves come from
 * several event loops, so every method holds the roster's lock; it is never held while writing to
 * sockets.
 */
public final class PresenceRoster {

    private static final String SUCCEEDED_START = "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":";

    private final Map<String, Member> members = new LinkedHashMap<>();

    public enum Outcome {
        /** The user's first connection: others get member_added. */
        NEW_MEMBER,
        /** The user was already present through another connection. */
        ANOTHER_CONNECTION,
        /** The channel holds the maximum number of users. */
        FULL
    }

    public synchronized Outcome join(String userId, String userInfoJson, int maxMembers) {
        Member member = members.get(userId);
        if (member != null) {
            member.connections++;
            return Outcome.ANOTHER_CONNECTION;
        }
        if (members.size() >= maxMembers) {
            return Outcome.FULL;
        }
        members.put(userId, new Member(userInfoJson));
        return Outcome.NEW_MEMBER;
    }

    /** Returns true when this was the user's last connection, i.e. the member left. */
    public synchronized boolean leave(String userId) {
        Member member = members.get(userId);
        if (member == null) {
            return false;
        }
        if (--member.connections > 0) {
            return false;
        }
        members.remove(userId);
        return true;
    }

    public synchronized List<String> userIds() {
        return new ArrayList<>(members.keySet());
    }

    public synchronized int userCount() {
        return members.size();
    }

    public synchronized String userInfo(String userId) {
        Member member = members.get(userId);
        return member == null ? "null" : member.userInfoJson;
    }

    /** The subscription_succeeded data of this node's members. */
    public synchronized String snapshot() {
        return rosterJson();
    }

    private String rosterJson() {
        Map<String, String> infos = new LinkedHashMap<>();
        members.forEach((userId, member) -> infos.put(userId, member.userInfoJson));
        return rosterJson(infos);
    }

    /** Connections per user id on this node. */
    public synchronized Map<String, Integer> connectionsByUser() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        members.forEach((userId, member) -> counts.put(userId, member.connections));
        return counts;
    }

    /** {"presence":{"ids":[...],"hash":{id:info},"count":n}} from user ids and their user_info JSON. */
    public static String rosterJson(Map<String, String> userInfoById) {
        StringBuilder ids = new StringBuilder("[");
        StringBuilder hash = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> entry : userInfoById.entrySet()) {
            if (!first) {
                ids.append(',');
                hash.append(',');
            }
            first = false;
            JsonText.appendQuoted(ids, entry.getKey());
            JsonText.appendQuoted(hash, entry.getKey()).append(':').append(entry.getValue());
        }
        return "{\"presence\":{\"ids\":" + ids.append(']') + ",\"hash\":" + hash.append('}')
                + ",\"count\":" + userInfoById.size() + "}}";
    }

    /**
     * The whole {@code pusher_internal:subscription_succeeded} message of a presence channel with
     * these members: the same text as {@link PusherMessages#subscriptionSucceeded} of
     * {@link #rosterJson}, written in one pass. A join answers with the roster of up to
     * max-presence-members users, so building it as JSON and then escaping that into the message
     * would copy it twice more.
     */
    public static String subscriptionSucceeded(String channel, Map<String, String> userInfoById) {
        int size = SUCCEEDED_START.length() + channel.length() + 64;
        for (Map.Entry<String, String> entry : userInfoById.entrySet()) {
            size += 2 * entry.getKey().length() + entry.getValue().length() + entry.getValue().length() / 4 + 16;
        }
        StringBuilder out = new StringBuilder(size).append(SUCCEEDED_START);
        JsonText.appendQuoted(out, channel).append(",\"data\":\"{\\\"presence\\\":{\\\"ids\\\":[");
        boolean first = true;
        for (String userId : userInfoById.keySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendQuotedTwice(out, userId);
        }
        out.append("],\\\"hash\\\":{");
        first = true;
        for (Map.Entry<String, String> entry : userInfoById.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendQuotedTwice(out, entry.getKey()).append(':');
            JsonText.appendEscaped(out, entry.getValue());
        }
        return out.append("},\\\"count\\\":").append(userInfoById.size()).append("}}\"}").toString();
    }

    /** {@code value} as a JSON string literal, itself escaped to sit inside another string literal. */
    private static StringBuilder appendQuotedTwice(StringBuilder out, String value) {
        out.append("\\\"");
        if (JsonText.escapesToItself(value)) {
            out.append(value);
        } else {
            JsonText.appendEscaped(out, JsonText.appendEscaped(new StringBuilder(value.length() + 8), value).toString());
        }
        return out.append("\\\"");
    }

    private static final class Member {
        final String userInfoJson;
        int connections = 1;

        Member(String userInfoJson) {
            this.userInfoJson = userInfoJson;
        }
    }
}
