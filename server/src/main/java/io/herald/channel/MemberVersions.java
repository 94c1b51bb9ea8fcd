package io.herald.channel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest presence version this node has passed on for each user of one presence channel, so
 * that a member_added or member_removed arriving after a newer change of the same user (events of
 * one channel come from several nodes, and the bus orders only one publisher's) is dropped instead
 * of undoing it. Events of different users commute and pass in any order.
 *
 * <p>Remembers the users of the last {@value #REMEMBERED} changes: a change older than that many
 * later ones is no longer in flight.
 */
final class MemberVersions {

    static final int REMEMBERED = 10_000;

    private final Map<String, Long> newest = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Runs {@code pass} (under this object's lock, so that what it hands on keeps the version
     * order) when {@code version} is newer than every change of {@code userId} passed before.
     */
    synchronized void ifNewer(String userId, long version, Runnable pass) {
        Long seen = newest.get(userId);
        if (seen != null && seen >= version) {
            return;
        }
        newest.remove(userId);
        newest.put(userId, version);
        pass.run();
    }
}
