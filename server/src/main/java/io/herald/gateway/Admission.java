package io.herald.gateway;

import io.herald.app.AppConfig;
import io.herald.protocol.CloseCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * Decides whether a new connection may open (docs/protocol.md, "Connecting"), in Pusher's order: protocol
 * version, unknown key (4001), disabled app (4003), node draining (4100), app over its quota (4004),
 * node full (4100).
 * An admitted connection holds a slot until {@link #release}.
 */
final class Admission {

    private final int nodeMaxConnections;
    private final boolean requireProtocol;
    private final AtomicInteger nodeConnections = new AtomicInteger();
    private volatile boolean refusingAll;
    private final Map<String, AtomicInteger> appConnections = new ConcurrentHashMap<>();
    private final ToLongFunction<String> connectionsElsewhere;

    /**
     * @param connectionsElsewhere an app's connections on the cluster's other nodes, as they last
     *     reported them (0 for a node that runs alone)
     */
    Admission(int nodeMaxConnections, boolean requireProtocol, ToLongFunction<String> connectionsElsewhere) {
        this.nodeMaxConnections = nodeMaxConnections;
        this.requireProtocol = requireProtocol;
        this.connectionsElsewhere = connectionsElsewhere;
    }

    /** The app when admitted; otherwise a refusal with its code. */
    sealed interface Decision permits Admitted, Refused {}

    record Admitted(AppConfig app) implements Decision {}

    record Refused(int code, String message, String appId) implements Decision {}

    /** @param found the app that {@code key} names, as the registry answered */
    Decision admit(String key, Optional<AppConfig> found, String protocol) {
        return admit(key, found, protocol, null);
    }

    /** @param origin the request's Origin header (a browser's page), or null */
    Decision admit(String key, Optional<AppConfig> found, String protocol, String origin) {
        Refused protocolProblem = checkProtocol(protocol);
        if (protocolProblem != null) {
            return protocolProblem;
        }
        AppConfig app = found.orElse(null);
        if (app == null) {
            return new Refused(CloseCode.APP_NOT_FOUND, "App key " + key + " does not exist", "unknown");
        }
        if (!app.enabled()) {
            return new Refused(CloseCode.APP_DISABLED, "App " + app.id() + " is disabled", app.id());
        }
        if (origin != null && !app.allowedOrigins().isEmpty() && !app.allowedOrigins().contains(origin)) {
            return new Refused(CloseCode.UNAUTHORIZED, "Origin " + origin + " is not allowed to connect to app " + app.id(),
                    app.id());
        }
        if (refusingAll) {
            return new Refused(CloseCode.OVER_CAPACITY, "Server is shutting down; please connect again", app.id());
        }
        AtomicInteger perApp = appConnections.computeIfAbsent(app.id(), id -> new AtomicInteger());
        if (app.maxConnections() > 0
                && perApp.incrementAndGet() + connectionsElsewhere.applyAsLong(app.id()) > app.maxConnections()) {
            perApp.decrementAndGet();
            return new Refused(CloseCode.APP_OVER_CONNECTION_QUOTA, "App " + app.id() + " is over its connection quota", app.id());
        } else if (app.maxConnections() <= 0) {
            perApp.incrementAndGet();
        }
        if (nodeMaxConnections > 0 && nodeConnections.incrementAndGet() > nodeMaxConnections) {
            nodeConnections.decrementAndGet();
            perApp.decrementAndGet();
            return new Refused(CloseCode.OVER_CAPACITY, "Over capacity: this server holds its maximum of connections", app.id());
        } else if (nodeMaxConnections <= 0) {
            nodeConnections.incrementAndGet();
        }
        return new Admitted(app);
    }

    /** The node is draining: every later request is refused with 4100, which clients retry after a backoff. */
    void refuseAll() {
        refusingAll = true;
    }

    void release(AppConfig app) {
        nodeConnections.decrementAndGet();
        appConnections.get(app.id()).decrementAndGet();
    }

    int connections() {
        return nodeConnections.get();
    }

    /** Open connections on this node per app id. */
    Map<String, Integer> connectionsByApp() {
        Map<String, Integer> counts = new HashMap<>();
        appConnections.forEach((appId, count) -> {
            if (count.get() > 0) {
                counts.put(appId, count.get());
            }
        });
        return counts;
    }

    private Refused checkProtocol(String protocol) {
        if (protocol == null) {
            return requireProtocol
                    ? new Refused(CloseCode.NO_PROTOCOL_VERSION, "No protocol version supplied", "unknown")
                    : null;
        }
        try {
            int version = Integer.parseInt(protocol);
            if (version >= 5 && version <= 7) {
                return null;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        return new Refused(CloseCode.UNSUPPORTED_PROTOCOL, "Unsupported protocol version " + protocol + "; 5, 6 and 7 are supported", "unknown");
    }
}
