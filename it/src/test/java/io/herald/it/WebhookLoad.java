package io.herald.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.base.WebhookReceiver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Webhook load on one or more nodes, recording what each client was acknowledged, to tell after
 * a crash which webhooks had to arrive. Each worker runs cycles, each on fresh names:
 * <ul>
 *   <li>a channel occupied (subscription_succeeded) and vacated (unsubscribe, then pong), half
 *       the time occupied again within the debounce and vacated again; in a cluster the shared
 *       state decides both after the node took the request, and the replies wait for that;</li>
 *   <li>a presence member added (subscription_succeeded) and removed (member_removed heard by an
 *       observer on the channel), half the time back within the debounce and removed again;</li>
 *   <li>a user online (the user's signin_success) and offline (watchlist event heard by a
 *       watcher), half the time back within the debounce (a page reload) and offline again;</li>
 *   <li>client events, each acknowledged when another subscriber receives it.</li>
 * </ul>
 * A thing that went and came back within the debounce may send neither webhook, as a pair; every
 * other acknowledged event must arrive.
 */
final class WebhookLoad implements AutoCloseable {

    static final String APP_KEY = "lost-key";
    static final String APP_SECRET = "lost-secret";
    static final String EVENT_TYPES =
            "[channel_occupied, channel_vacated, member_added, member_removed, client_event, user_online, user_offline]";

    enum Kind { CHANNEL, MEMBER, USER }

    /** A channel, member or user: its start/end steps in order, each requested and maybe acknowledged. */
    static final class Thing {
        final Kind kind;
        final String name;
        final String channel;
        final boolean[] requested = new boolean[4];
        final boolean[] acked = new boolean[4];

        Thing(Kind kind, String name, String channel) {
            this.kind = kind;
            this.name = name;
            this.channel = channel;
        }

        String startEvent() {
            return switch (kind) {
                case CHANNEL -> "channel_occupied";
                case MEMBER -> "member_added";
                case USER -> "user_online";
            };
        }

        String endEvent() {
            return switch (kind) {
                case CHANNEL -> "channel_vacated";
                case MEMBER -> "member_removed";
                case USER -> "user_offline";
            };
        }

        boolean matches(JsonNode event) {
            return switch (kind) {
                case CHANNEL -> name.equals(event.path("channel").asText());
                case MEMBER -> channel.equals(event.path("channel").asText()) && name.equals(event.path("user_id").asText());
                case USER -> !event.has("channel") && name.equals(event.path("user_id").asText());
            };
        }
    }

    /** What arrived against what was acknowledged. */
    record Verdict(int acknowledged, int lost, int sameIdDuplicates, int otherIdDuplicates, List<String> problems) {}

    private final IntFunction<String> nodeUrl;
    private final int nodes;
    private final boolean queueCancels;
    private final List<Thread> workers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Thing> things = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> ackedClientEvents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RawPusherClient> clients = new ConcurrentLinkedQueue<>();
    private final AtomicInteger names = new AtomicInteger();
    private final String run = Long.toString(System.nanoTime() % 1_000_000, 36);
    private volatile boolean stopped;

    /** @param nodeUrl the WebSocket URL of node i (with the app key and query), for i below {@code nodes} */
    /**
     * @param queueCancels false for a queue that cannot cancel a debounced end (NATS): an end
     *     whose thing came back may then be dropped when due while the return is sent
     */
    WebhookLoad(IntFunction<String> nodeUrl, int nodes, boolean queueCancels) {
        this.nodeUrl = nodeUrl;
        this.nodes = nodes;
        this.queueCancels = queueCancels;
    }

    void start(int workerCount) {
        for (int i = 0; i < workerCount; i++) {
            int worker = i;
            Thread thread = new Thread(() -> work(worker), "webhook-load-" + i);
            thread.setDaemon(true);
            workers.add(thread);
            thread.start();
        }
    }

    /** Stops starting cycles; the clients' sockets are closed by {@link #close()}. */
    void stop() {
        stopped = true;
    }

    private void work(int worker) {
        while (!stopped) {
            try {
                switch (names.get() % 4) {
                    case 0 -> channelCycle();
                    case 1 -> memberCycle();
                    case 2 -> userCycle();
                    default -> clientEvents(worker);
                }
            } catch (Throwable e) {
                if (!stopped) {
                    pause(50);
                }
            }
        }
    }

    private RawPusherClient connect() {
        RawPusherClient client = RawPusherClient.connect(nodeUrl.apply(ThreadLocalRandom.current().nextInt(nodes)), APP_KEY, APP_SECRET);
        clients.add(client);
        return client;
    }

    private String name(String prefix) {
        return prefix + "-" + run + "-" + names.incrementAndGet();
    }

    private static boolean again() {
        return ThreadLocalRandom.current().nextBoolean();
    }

    private void channelCycle() {
        Thing thing = new Thing(Kind.CHANNEL, name("ch"), null);
        things.add(thing);
        try (RawPusherClient client = connect()) {
            for (int round = 0; round < (again() ? 2 : 1) && !stopped; round++) {
                int mark = client.mark();
                thing.requested[2 * round] = true;
                client.subscribe(thing.name);
                client.awaitFrameAfter(mark, frame -> frame.is("pusher_internal:subscription_succeeded", thing.name));
                thing.acked[2 * round] = true;
                thing.requested[2 * round + 1] = true;
                client.unsubscribe(thing.name);
                client.roundTrip();
                thing.acked[2 * round + 1] = true;
            }
        }
    }

    private void memberCycle() {
        String channel = name("presence-m");
        Thing thing = new Thing(Kind.MEMBER, name("m"), channel);
        things.add(thing);
        try (RawPusherClient observer = connect(); RawPusherClient member = connect()) {
            observer.subscribePresence(channel, "{\"user_id\":\"observer-" + thing.name + "\"}");
            observer.awaitSubscribed(channel);
            for (int round = 0; round < (again() ? 2 : 1) && !stopped; round++) {
                int mark = member.mark();
                thing.requested[2 * round] = true;
                member.subscribePresence(channel, "{\"user_id\":\"" + thing.name + "\"}");
                member.awaitFrameAfter(mark, frame -> frame.is("pusher_internal:subscription_succeeded", channel));
                thing.acked[2 * round] = true;
                int seen = observer.mark();
                thing.requested[2 * round + 1] = true;
                member.unsubscribe(channel);
                observer.awaitFrameAfter(seen, frame -> frame.is("pusher_internal:member_removed", channel)
                        && thing.name.equals(frame.dataJson().path("user_id").asText()));
                thing.acked[2 * round + 1] = true;
            }
        }
    }

    private void userCycle() {
        Thing thing = new Thing(Kind.USER, name("u"), null);
        things.add(thing);
        try (RawPusherClient watcher = connect()) {
            watcher.signin("{\"id\":\"watcher-" + thing.name + "\",\"watchlist\":[\"" + thing.name + "\"]}");
            watcher.awaitEvent("pusher:signin_success");
            for (int round = 0; round < (again() ? 2 : 1) && !stopped; round++) {
                int mark = watcher.mark();
                try (RawPusherClient user = connect()) {
                    thing.requested[2 * round] = true;
                    user.signin("{\"id\":\"" + thing.name + "\"}");
                    user.awaitEvent("pusher:signin_success");
                    thing.acked[2 * round] = true;
                    watcher.awaitFrameAfter(mark, frame -> isWatchlist(frame, "online", thing.name));
                    mark = watcher.mark();
                    thing.requested[2 * round + 1] = true;
                }
                watcher.awaitFrameAfter(mark, frame -> isWatchlist(frame, "offline", thing.name));
                thing.acked[2 * round + 1] = true;
            }
        }
    }

    private static boolean isWatchlist(PusherFrame frame, String name, String userId) {
        if (!frame.is("pusher_internal:watchlist_events")) {
            return false;
        }
        for (JsonNode event : frame.dataJson().path("events")) {
            if (name.equals(event.path("name").asText())) {
                for (JsonNode id : event.path("user_ids")) {
                    if (userId.equals(id.asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void clientEvents(int worker) {
        String channel = name("private-ce");
        try (RawPusherClient sender = connect(); RawPusherClient receiver = connect()) {
            receiver.subscribePrivate(channel);
            receiver.awaitSubscribed(channel);
            sender.subscribePrivate(channel);
            sender.awaitSubscribed(channel);
            for (int n = 0; n < 20 && !stopped; n++) {
                String tag = channel + "#" + n;
                int mark = receiver.mark();
                sender.trigger(channel, "client-tick", "{\"tag\":\"" + tag + "\",\"worker\":" + worker + "}");
                receiver.awaitFrameAfter(mark, frame -> frame.is("client-tick", channel));
                ackedClientEvents.add(tag);
            }
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers and closes every client still open. */
    @Override
    public void close() {
        stopped = true;
        clients.forEach(RawPusherClient::close);
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int acknowledged() {
        int count = ackedClientEvents.size();
        for (Thing thing : things) {
            for (boolean acked : thing.acked) {
                count += acked ? 1 : 0;
            }
        }
        return count;
    }

    /** Checks the webhooks received against what was acknowledged. */
    Verdict verdict(List<WebhookReceiver.Recorded> requests) {
        Map<String, List<JsonNode>> byId = new HashMap<>();
        int sameId = 0;
        for (WebhookReceiver.Recorded request : requests) {
            String id = request.header("X-Herald-Webhook-Id");
            List<JsonNode> events = new ArrayList<>();
            PusherFrame.parseJson(request.bodyText()).path("events").forEach(events::add);
            if (byId.putIfAbsent(id, events) != null) {
                sameId++;
            }
        }
        List<JsonNode> delivered = byId.values().stream().flatMap(List::stream).toList();
        List<String> problems = new ArrayList<>();
        int lost = 0;
        int otherId = 0;
        Map<String, Integer> clientTags = new HashMap<>();
        for (JsonNode event : delivered) {
            if ("client_event".equals(event.path("name").asText())) {
                clientTags.merge(PusherFrame.parseJson(event.path("data").asText()).path("tag").asText(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> tag : clientTags.entrySet()) {
            if (tag.getValue() > 1) {
                otherId += tag.getValue() - 1;
                problems.add("client event " + tag.getKey() + " arrived under " + tag.getValue() + " ids");
            }
        }
        Set<String> ackedTags = new HashSet<>(ackedClientEvents);
        for (String tag : ackedTags) {
            if (!clientTags.containsKey(tag)) {
                lost++;
                problems.add("client event " + tag + " acknowledged, never arrived");
            }
        }
        for (Thing thing : things) {
            int starts = (int) delivered.stream().filter(e -> thing.startEvent().equals(e.path("name").asText()) && thing.matches(e)).count();
            int ends = (int) delivered.stream().filter(e -> thing.endEvent().equals(e.path("name").asText()) && thing.matches(e)).count();
            int missing = missing(thing, starts, ends, queueCancels);
            if (missing > 0) {
                lost += missing;
                problems.add(thing.kind + " " + thing.name + ": requested " + steps(thing.requested) + ", acknowledged "
                        + steps(thing.acked) + ", arrived " + starts + " " + thing.startEvent() + " and " + ends + " " + thing.endEvent());
            }
        }
        return new Verdict(acknowledged(), lost, sameId, otherId, problems);
    }

    /**
     * Acknowledged steps that did not arrive. Steps: start, end, start again, end again. The
     * middle pair (an end and the start that followed within the debounce) may be missing
     * together; the end alone may be missing when the start after it was requested, whatever its
     * reply (the return cancelled it, then the node died before replying). On a queue that cannot
     * cancel, the end alone may be missing whenever the start after it was requested (dropped when
     * due because the thing was back), the start being sent.
     */
    private static int missing(Thing thing, int starts, int ends, boolean queueCancels) {
        boolean pairSent = starts >= 2;
        int missing = 0;
        if (thing.acked[0] && starts < 1) {
            missing++;
        }
        int endsExpected = 0;
        if (thing.acked[1]) {
            boolean mayBeLeftOut = thing.requested[2] && (!pairSent || !queueCancels);
            endsExpected += mayBeLeftOut ? 0 : 1;
        }
        if (thing.acked[2] && !pairSent && ends >= 2) {
            missing++; // both ends arrived, so the return between them must have arrived too
        }
        if (thing.acked[3]) {
            endsExpected++;
        }
        if (ends < endsExpected) {
            missing += endsExpected - ends;
        }
        return missing;
    }

    private static String steps(boolean[] steps) {
        StringBuilder out = new StringBuilder();
        for (boolean step : steps) {
            out.append(step ? 'x' : '.');
        }
        return out.toString();
    }
}
