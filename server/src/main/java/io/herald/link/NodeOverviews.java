package io.herald.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.bus.Bus;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every node's overview (id, state, uptime, connections, messages, webhooks) for the console's
 * overview page, over the bus and only while such a page is open somewhere: the node showing it
 * asks on {@link #WANTED} (at most every {@value #ASK_MILLIS} ms while it is being read), and each
 * node that heard it sends its own overview every {@value #SEND_MILLIS} ms for
 * {@value #WANTED_TTL_MILLIS} ms. A node not heard from for {@value #STALE_MILLIS} ms is left
 * out: it stopped or lost the bus.
 */
public final class NodeOverviews {

    static final BusTopic WANTED = BusTopic.user("#herald", "overview-wanted");
    static final BusTopic OVERVIEWS = BusTopic.user("#herald", "node-overviews");
    static final long ASK_MILLIS = 3_000;
    static final long SEND_MILLIS = 2_000;
    static final long WANTED_TTL_MILLIS = 15_000;
    static final long STALE_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Heard(ObjectNode overview, long at) {}

    private final Bus bus;
    private final Supplier<ObjectNode> own;
    private final LongSupplier clockMillis;
    private final Map<String, Heard> others = new ConcurrentHashMap<>();
    private volatile long wantedUntil;
    private volatile long askedAt;
    private volatile boolean listening;

    /** @param own this node's overview, with its {@code id} */
    public NodeOverviews(Bus bus, Supplier<ObjectNode> own, LongSupplier clockMillis) {
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
        long now = clockMillis.getAsLong();
        if (now - askedAt >= ASK_MILLIS) {
            askedAt = now;
            if (!listening) {
                listening = true;
                bus.addInterest(OVERVIEWS);
            }
            publish(WANTED, "{}");
        }
        others.values().removeIf(heard -> now - heard.at() > STALE_MILLIS);
        List<ObjectNode> nodes = new ArrayList<>();
        nodes.add(own.get().put("this_node", true));
        others.values().forEach(heard -> nodes.add(heard.overview()));
        nodes.sort(Comparator.comparing(node -> node.path("id").asText()));
        return nodes;
    }

    /** Whether a bus message is about overviews; if so, handles it. */
    public boolean onMessage(BusMessage message) {
        if (message.topic().equals(WANTED)) {
            boolean wasWanted = clockMillis.getAsLong() < wantedUntil;
            wantedUntil = clockMillis.getAsLong() + WANTED_TTL_MILLIS;
            if (!wasWanted) {
                publish(OVERVIEWS, own.get().toString());
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

    private void tick() {
        long now = clockMillis.getAsLong();
        if (now < wantedUntil) {
            publish(OVERVIEWS, own.get().toString());
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
