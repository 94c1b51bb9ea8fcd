package io.herald.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.bus.Bus;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Every node's overview (id, state, uptime, connections, messages, webhooks) for the console's
 * overview page, over the bus and only while such a page is open somewhere: the node showing it
 * asks on {@link #WANTED} (at most every {@value #ASK_MILLIS} ms while it is being read), and each
 * node that heard it sends its own overview every {@value #SEND_MILLIS} ms for
 * {@value #WANTED_TTL_MILLIS} ms. A node not heard from for {@value #STALE_MILLIS} ms is left
 * out: it stopped or lost the bus.
 *
 * <p>An app's usage over the last hour rides along only for the apps whose page is open: the
 * asking node names them in its request (at most {@value #MAX_USAGE_APPS}), and each node adds
 * those apps' minutes to its overview while they are wanted. So an overview stays a few hundred
 * bytes however many apps are active.
 */
public final class NodeOverviews {

    static final BusTopic WANTED = BusTopic.user("#herald", "overview-wanted");
    static final BusTopic OVERVIEWS = BusTopic.user("#herald", "node-overviews");
    static final long ASK_MILLIS = 3_000;
    static final long SEND_MILLIS = 2_000;
    static final long WANTED_TTL_MILLIS = 15_000;
    static final long STALE_MILLIS = 10_000;
    /** The most apps whose usage one request may ask for; more open app pages are served the first ones. */
    static final int MAX_USAGE_APPS = 100;
    private static final int MAX_APP_ID_LENGTH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Heard(ObjectNode overview, long at) {}

    private final Bus bus;
    private final Function<Set<String>, ObjectNode> own;
    private final LongSupplier clockMillis;
    private final Map<String, Heard> others = new ConcurrentHashMap<>();
    /** Apps whose usage this node's pages read, until when. */
    private final Map<String, Long> usageAsked = new ConcurrentHashMap<>();
    /** Apps whose usage some node asked for, until when. */
    private final Map<String, Long> usageWanted = new ConcurrentHashMap<>();
    private volatile long wantedUntil;
    private volatile long askedAt;
    private volatile boolean listening;

    /** @param own this node's overview, with its {@code id} and the usage of the apps given */
    public NodeOverviews(Bus bus, Function<Set<String>, ObjectNode> own, LongSupplier clockMillis) {
        this.bus = bus;
        this.own = own;
        this.clockMillis = clockMillis;
    }

    public void start(ScheduledExecutorService timer) {
        bus.addInterest(WANTED);
        timer.scheduleWithFixedDelay(this::tick, SEND_MILLIS, SEND_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * This node's overview now (marked {@code "this_node": true}) and the other nodes' as they last
     * sent them, by id; asks them to send.
     */
    public List<ObjectNode> all() {
        return all(null);
    }

    /** As {@link #all()}, each overview with the usage of {@code usageApp} (none when null). */
    public List<ObjectNode> all(String usageApp) {
        long now = clockMillis.getAsLong();
        boolean newApp = usageApp != null && usageAsked.size() < MAX_USAGE_APPS
                && usageAsked.put(usageApp, now + WANTED_TTL_MILLIS) == null;
        usageAsked.values().removeIf(until -> until < now);
        if (now - askedAt >= ASK_MILLIS || newApp) {
            askedAt = now;
            if (!listening) {
                listening = true;
                bus.addInterest(OVERVIEWS);
            }
            ObjectNode request = JSON.createObjectNode();
            usageAsked.keySet().forEach(request.putArray("usage")::add);
            publish(WANTED, request.toString());
        }
        others.values().removeIf(heard -> now - heard.at() > STALE_MILLIS);
        List<ObjectNode> nodes = new ArrayList<>();
        nodes.add(own.apply(usageApp == null ? Set.of() : Set.of(usageApp)).put("this_node", true));
        others.values().forEach(heard -> nodes.add(heard.overview()));
        nodes.sort(Comparator.comparing(node -> node.path("id").asText()));
        return nodes;
    }

    /** Whether a bus message is about overviews; if so, handles it. */
    public boolean onMessage(BusMessage message) {
        if (message.topic().equals(WANTED)) {
            long now = clockMillis.getAsLong();
            boolean wasWanted = now < wantedUntil;
            wantedUntil = now + WANTED_TTL_MILLIS;
            boolean newApps = wantUsage(message.json(), now);
            if (!wasWanted || newApps) {
                publish(OVERVIEWS, ownWithWantedUsage(now));
            }
            return true;
        }
        if (message.topic().equals(OVERVIEWS)) {
            try {
                if (JSON.readTree(message.json()) instanceof ObjectNode overview && overview.path("id").isTextual()) {
                    others.put(overview.path("id").asText(), new Heard(overview, clockMillis.getAsLong()));
                }
            } catch (JsonProcessingException e) {
                // a malformed overview is left out
            }
            return true;
        }
        return false;
    }

    /** Notes the apps a request names (a malformed request names none); whether any was new. */
    private boolean wantUsage(String json, long now) {
        boolean added = false;
        try {
            JsonNode apps = JSON.readTree(json).path("usage");
            for (int i = 0; i < apps.size() && i < MAX_USAGE_APPS; i++) {
                String app = apps.get(i).asText("");
                if (!app.isEmpty() && app.length() <= MAX_APP_ID_LENGTH
                        && (usageWanted.containsKey(app) || usageWanted.size() < MAX_USAGE_APPS)) {
                    added |= usageWanted.put(app, now + WANTED_TTL_MILLIS) == null;
                }
            }
        } catch (JsonProcessingException e) {
            // an overview is still sent, without usage
        }
        return added;
    }

    private String ownWithWantedUsage(long now) {
        usageWanted.values().removeIf(until -> until < now);
        return own.apply(Set.copyOf(usageWanted.keySet())).toString();
    }

    private void tick() {
        long now = clockMillis.getAsLong();
        if (now < wantedUntil) {
            publish(OVERVIEWS, ownWithWantedUsage(now));
        }
        if (listening && now - askedAt > WANTED_TTL_MILLIS) {
            listening = false;
            bus.removeInterest(OVERVIEWS);
            others.clear();
        }
    }

    private void publish(BusTopic topic, String json) {
        try {
            bus.publish(new BusMessage(topic, BusMessage.Type.USER_EVENT, json, null, bus.nodeId()));
        } catch (RuntimeException e) {
            // The bus is down: the page shows this node alone until it is back.
        }
    }
}
