package io.herald.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.bus.Bus;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import io.herald.debug.DebugTap;
import io.herald.debug.DebugWatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debug events across the cluster, over the bus and only while a console somewhere watches.
 *
 * <p>A node with a console open on an app says so on {@link #INTEREST} (every node listens there)
 * at once and every {@value #ANNOUNCE_MILLIS} ms while it stays open, and listens on the app's
 * debug topic. A node that hears it watches the app through a forwarder, a {@link DebugWatcher}
 * like a console's (sampled and bounded the same way), drained every {@value #FLUSH_MILLIS} ms
 * into one bus message; once nobody has said so for {@value #INTEREST_TTL_MILLIS} ms the
 * forwarder goes and the app costs nothing again. Interest works like channel interest: the
 * topics are user topics of the app id {@code #herald...}, which no real app can have.
 */
public final class DebugRelay implements DebugTap.Consoles {

    private static final Logger LOG = LoggerFactory.getLogger(DebugRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where nodes say which apps they watch: {@code {"app": ID}}. */
    static final BusTopic INTEREST = BusTopic.user("#herald", "debug-interest");
    /** The app id of the debug topics: the topic of app X is the user topic {@code X} of this id. */
    static final String DEBUG_TOPICS = "#herald-debug";
    static final long ANNOUNCE_MILLIS = 5_000;
    static final long INTEREST_TTL_MILLIS = 15_000;
    static final long FLUSH_MILLIS = 200;

    private final Bus bus;
    private final DebugTap tap;
    private final LongSupplier clockMillis;
    private final int perSecond;
    private final int capacity;
    /** Consoles open on this node, by app. */
    private final Map<String, Integer> consoles = new ConcurrentHashMap<>();
    /** Apps other nodes watch: the forwarder and until when the interest holds. */
    private final Map<String, Forwarder> forwarders = new ConcurrentHashMap<>();

    private record Forwarder(DebugWatcher watcher, long until) {}

    public DebugRelay(Bus bus, DebugTap tap, LongSupplier clockMillis, int perSecond, int capacity) {
        this.bus = bus;
        this.tap = tap;
        this.clockMillis = clockMillis;
        this.perSecond = perSecond;
        this.capacity = capacity;
    }

    /** Listens for interest and starts the timers; after the bus has started. */
    public void start(ScheduledExecutorService timer) {
        tap.onConsoles(this);
        bus.addInterest(INTEREST);
        timer.scheduleWithFixedDelay(this::announceAll, ANNOUNCE_MILLIS, ANNOUNCE_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void opened(String appId) {
        if (consoles.merge(appId, 1, Integer::sum) == 1) {
            bus.addInterest(topic(appId));
        }
        announce(appId);
    }

    @Override
    public void closed(String appId) {
        if (consoles.computeIfPresent(appId, (id, count) -> count > 1 ? count - 1 : null) == null) {
            bus.removeInterest(topic(appId));
        }
    }

    /** Whether a bus message is the relay's; if so, handles it. */
    public boolean onMessage(BusMessage message) {
        BusTopic topic = message.topic();
        if (topic.equals(INTEREST)) {
            JsonNode body = read(message.json());
            if (body != null && body.path("app").isTextual()) {
                interested(body.path("app").asText());
            }
            return true;
        }
        if (!topic.appId().equals(DEBUG_TOPICS)) {
            return false;
        }
        if (read(message.json()) instanceof ArrayNode events) {
            for (JsonNode event : events) {
                if (event instanceof ObjectNode object) {
                    tap.relay(topic.name(), object);
                }
            }
        }
        return true;
    }

    private void interested(String appId) {
        long until = clockMillis.getAsLong() + INTEREST_TTL_MILLIS;
        forwarders.compute(appId, (id, held) -> {
            if (held != null) {
                return new Forwarder(held.watcher(), until);
            }
            DebugWatcher watcher = new DebugWatcher(perSecond, capacity);
            tap.forward(appId, watcher);
            return new Forwarder(watcher, until);
        });
    }

    private void announceAll() {
        consoles.keySet().forEach(this::announce);
    }

    private void announce(String appId) {
        publish(INTEREST, JSON.createObjectNode().put("app", appId).toString());
    }

    private void flush() {
        long now = clockMillis.getAsLong();
        forwarders.forEach((appId, forwarder) -> {
            List<ObjectNode> events = forwarder.watcher().drain(now);
            if (!events.isEmpty()) {
                ArrayNode batch = JsonNodeFactory.instance.arrayNode();
                for (ObjectNode event : events) {
                    if (!event.has("node")) {
                        event.put("node", tap.nodeId());
                    }
                    batch.add(event);
                }
                publish(topic(appId), batch.toString());
            }
            if (forwarder.until() <= now || forwarder.watcher().cutOff() != null) {
                // The last console closed, or the bus could not keep up: the app costs nothing again.
                forwarders.remove(appId, forwarder);
                tap.unforward(appId, forwarder.watcher());
            }
        });
    }

    private void publish(BusTopic topic, String json) {
        try {
            bus.publish(new BusMessage(topic, BusMessage.Type.USER_EVENT, json, null, bus.nodeId()));
        } catch (RuntimeException e) {
            LOG.debug("Debug events not passed on: {}", e.getMessage());
        }
    }

    private static BusTopic topic(String appId) {
        return BusTopic.user(DEBUG_TOPICS, appId);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
