package io.herald.console;

import io.herald.admin.AdminTokens;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The console's sessions, held on this node only: a random id (the cookie) and a random CSRF
 * token per login, the caller whose token logged in, and an expiry that each use pushes back.
 * At most {@code maxSessions} are held; a login past that ends the least recently used one.
 * Thread-safe.
 */
final class ConsoleSessions {

    /** One logged-in console. */
    record Session(String id, String csrf, AdminTokens.Caller caller) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long timeoutMillis;
    private final int maxSessions;
    private final LongSupplier clockMillis;
    private final Map<String, Held> sessions = new LinkedHashMap<>(16, 0.75f, true);

    private record Held(Session session, long expiresAt) {}

    ConsoleSessions(long timeoutMillis, int maxSessions, LongSupplier clockMillis) {
        this.timeoutMillis = timeoutMillis;
        this.maxSessions = maxSessions;
        this.clockMillis = clockMillis;
    }

    synchronized Session open(AdminTokens.Caller caller) {
        long now = clockMillis.getAsLong();
        sessions.values().removeIf(held -> held.expiresAt() <= now);
        while (sessions.size() >= maxSessions) {
            sessions.remove(sessions.keySet().iterator().next());
        }
        Session session = new Session(random(), random(), caller);
        sessions.put(session.id(), new Held(session, now + timeoutMillis));
        return session;
    }

    /** The live session of a cookie's id, its expiry pushed back; empty when unknown or expired. */
    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Held held = sessions.get(id);
        long now = clockMillis.getAsLong();
        if (held == null || held.expiresAt() <= now) {
            sessions.remove(id);
            return Optional.empty();
        }
        sessions.put(id, new Held(held.session(), now + timeoutMillis));
        return Optional.of(held.session());
    }

    synchronized void close(String id) {
        sessions.remove(id);
    }

    synchronized int size() {
        return sessions.size();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
