package io.herald.channel;

import io.herald.json.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is present in a presence channel on this node: one member per user id however many sockets
 * the user has; the first connection's {@code user_info} is kept until the user fully leaves.
 * Joins and leaves come from several event loops, so every method holds the roster's lock; it is
 * never held while writing to sockets.
 */
public final class PresenceRoster {

    private final Map<String, Member> members = new LinkedHashMap<>();

    /** The outcome of a join; {@code roster} is the subscription_succeeded data including the joiner. */
    public record Join(Outcome outcome, String roster) {}

    public enum Outcome {
        /** The user's first connection: others get member_added. */
        NEW_MEMBER,
        /** The user was already present through another connection. */
        ANOTHER_CONNECTION,
        /** The channel holds the maximum number of users. */
        FULL
    }

    public synchronized Join join(String userId, String userInfoJson, int maxMembers) {
        Member member = members.get(userId);
        if (member != null) {
            member.connections++;
            return new Join(Outcome.ANOTHER_CONNECTION, rosterJson());
        }
        if (members.size() >= maxMembers) {
            return new Join(Outcome.FULL, null);
        }
        members.put(userId, new Member(userInfoJson));
        return new Join(Outcome.NEW_MEMBER, rosterJson());
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

    /** The subscription_succeeded data for someone already present. */
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

    private static final class Member {
        final String userInfoJson;
        int connections = 1;

        Member(String userInfoJson) {
            this.userInfoJson = userInfoJson;
        }
    }
}
