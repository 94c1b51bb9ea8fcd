package io.herald.redis;

import io.herald.cluster.NodeSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot as the arguments of {@link RedisLeaseScripts#REASSERT_BATCH} runs of at most
 * {@code size} entries each, so that no run blocks Redis for long. Entries the snapshot names twice
 * are summed first: each batch sets absolute counts, so a repeat in a later batch would otherwise
 * replace the earlier one.
 */
final class ReassertBatches {

    private ReassertBatches() {}

    static List<List<String>> of(NodeSnapshot snapshot, int size) {
        Map<List<String>, Integer> channels = new LinkedHashMap<>();
        snapshot.channels().forEach(c -> channels.merge(List.of(c.appId(), c.channel()), c.subscriptions(), Integer::sum));
        Map<List<String>, Integer> members = new LinkedHashMap<>();
        Map<List<String>, String> userInfo = new LinkedHashMap<>();
        for (NodeSnapshot.MemberEntry m : snapshot.members()) {
            List<String> key = List.of(m.appId(), m.channel(), m.userId());
            members.merge(key, m.connections(), Integer::sum);
            userInfo.putIfAbsent(key, m.userInfoJson() == null ? "null" : m.userInfoJson());
        }
        Map<List<String>, Integer> users = new LinkedHashMap<>();
        snapshot.users().forEach(u -> users.merge(List.of(u.appId(), u.userId()), u.connections(), Integer::sum));

        List<List<String>> batches = new ArrayList<>();
        addBatches(batches, channels, size, 0, key -> List.of());
        addBatches(batches, members, size, 1, key -> List.of(userInfo.get(key)));
        addBatches(batches, users, size, 2, key -> List.of());
        return batches;
    }

    /** Batches of one section ({@code section} 0, 1, 2: channels, members, users), each entry its key parts, extras, count. */
    private static void addBatches(List<List<String>> batches, Map<List<String>, Integer> entries, int size, int section,
            java.util.function.Function<List<String>, List<String>> extras) {
        List<Map.Entry<List<String>, Integer>> all = List.copyOf(entries.entrySet());
        for (int from = 0; from < all.size(); from += size) {
            List<Map.Entry<List<String>, Integer>> part = all.subList(from, Math.min(all.size(), from + size));
            List<String> args = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                args.add(s == section ? Integer.toString(part.size()) : "0");
            }
            for (Map.Entry<List<String>, Integer> entry : part) {
                args.addAll(entry.getKey());
                args.addAll(extras.apply(entry.getKey()));
                args.add(Integer.toString(entry.getValue()));
            }
            batches.add(args);
        }
    }
}
