package io.herald.outbox;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.webhook.WebhookEvent;
import io.herald.webhook.WebhookEventType;
import io.herald.webhook.WebhookJob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The events one commit of the outbox writes, turned into jobs. Events that end something
 * ({@code channel_vacated}, {@code member_removed}, {@code user_offline}) become one job per
 * endpoint, due after the debounce and cancellable by a key; an event that brings the same thing
 * back ({@code channel_occupied}, {@code member_added}, {@code user_online}) cancels that job
 * instead of being sent: within the group itself, or through the queue with {@link #cancelKeys()}.
 * The other events of one endpoint share requests, up to {@code batchMaxEvents} each; a request's
 * {@code time_ms} is when its first event happened. Not thread-safe: one per commit.
 */
final class CommitGroup {

    /** An event as the outbox took it: its app, and when it happened (epoch milliseconds). */
    record Emitted(AppConfig app, WebhookEvent event, long atMillis) {}

    /** One endpoint's share of an event to send, with the key it cancels by (or null); {@code batch} names the endpoint. */
    private record Keyed(Emitted emitted, WebhookEndpoint endpoint, String batch, String key) {}

    private final int batchMaxEvents;
    private final long debounceMillis;
    private final List<Object> ordered = new ArrayList<>();
    private final Map<String, DebouncedJob> debouncedHere = new LinkedHashMap<>();
    private final Set<String> toCancel = new HashSet<>();
    private final Map<String, Integer> suppressedHere = new HashMap<>();

    CommitGroup(int batchMaxEvents, long debounceMillis) {
        this.batchMaxEvents = Math.max(1, batchMaxEvents);
        this.debounceMillis = debounceMillis;
    }

    /** Adds an event, in the order events happened. */
    void add(Emitted emitted) {
        WebhookEventType type = emitted.event().type();
        List<WebhookEndpoint> endpoints = emitted.app().webhooks();
        for (int i = 0; i < endpoints.size(); i++) {
            WebhookEndpoint endpoint = endpoints.get(i);
            if (!endpoint.wants(type, emitted.event().channel())) {
                continue;
            }
            String batch = emitted.app().id() + '\u0000' + i;
            if (debounceMillis > 0 && ends(type)) {
                DebouncedJob job = new DebouncedJob(emitted, endpoint, cancelKey(emitted, endpoint));
                ordered.add(job);
                debouncedHere.put(job.key, job);
            } else if (debounceMillis > 0 && bringsBack(type)) {
                String key = cancelKey(emitted, endpoint);
                DebouncedJob gone = debouncedHere.remove(key);
                if (gone != null) {
                    gone.cancelled = true;
                    suppressedHere.merge(emitted.app().id(), 2, Integer::sum);
                } else {
                    toCancel.add(key);
                    ordered.add(new Keyed(emitted, endpoint, batch, key));
                }
            } else {
                ordered.add(new Keyed(emitted, endpoint, batch, null));
            }
        }
    }

    boolean isEmpty() {
        return ordered.isEmpty();
    }

    /** Keys of debounced jobs in the queue that this group's returning events would cancel. */
    Set<String> cancelKeys() {
        return toCancel;
    }

    /**
     * Events dropped in pairs, by app: inside this group (a thing went and came back before the
     * write), and through the queue ({@code cancelled} keys, which begin with the app id).
     */
    Map<String, Integer> suppressed(Set<String> cancelled) {
        Map<String, Integer> byApp = new HashMap<>(suppressedHere);
        for (String key : cancelled) {
            byApp.merge(key.substring(0, key.indexOf('\u0000')), 2, Integer::sum);
        }
        return byApp;
    }

    /** The jobs to enqueue, given the keys whose queued job the queue did cancel (those events are dropped). */
    List<WebhookJob> jobs(Set<String> cancelled) {
        List<WebhookJob> jobs = new ArrayList<>();
        Map<String, Batch> open = new LinkedHashMap<>();
        for (Object item : ordered) {
            if (item instanceof DebouncedJob debounced) {
                if (!debounced.cancelled) {
                    jobs.add(debounced.job(debounceMillis));
                }
                continue;
            }
            Keyed keyed = (Keyed) item;
            if (keyed.key() != null && cancelled.contains(keyed.key())) {
                continue;
            }
            Batch batch = open.computeIfAbsent(keyed.batch(), name -> new Batch(keyed.emitted().app(), keyed.endpoint()));
            if (batch.add(keyed.emitted()) >= batchMaxEvents) {
                jobs.add(batch.job());
                open.remove(keyed.batch());
            }
        }
        open.values().forEach(batch -> jobs.add(batch.job()));
        return jobs;
    }

    private static boolean ends(WebhookEventType type) {
        return type == WebhookEventType.CHANNEL_VACATED || type == WebhookEventType.MEMBER_REMOVED
                || type == WebhookEventType.USER_OFFLINE;
    }

    private static boolean bringsBack(WebhookEventType type) {
        return type == WebhookEventType.CHANNEL_OCCUPIED || type == WebhookEventType.MEMBER_ADDED
                || type == WebhookEventType.USER_ONLINE;
    }

    /** The same for the event that ends a thing and the one that brings it back, per endpoint. */
    static String cancelKey(Emitted emitted, WebhookEndpoint endpoint) {
        WebhookEvent event = emitted.event();
        String thing = switch (event.type()) {
            case CHANNEL_VACATED, CHANNEL_OCCUPIED -> "channel\u0000" + event.channel();
            case MEMBER_REMOVED, MEMBER_ADDED -> "member\u0000" + event.channel() + '\u0000' + event.userId();
            default -> "user\u0000" + event.userId();
        };
        return emitted.app().id() + '\u0000' + endpoint.url() + '\u0000' + thing;
    }

    static String body(long timeMillis, List<String> events) {
        return "{\"time_ms\":" + timeMillis + ",\"events\":[" + String.join(",", events) + "]}";
    }

    private static final class DebouncedJob {
        final Emitted emitted;
        final WebhookEndpoint endpoint;
        final String key;
        boolean cancelled;

        DebouncedJob(Emitted emitted, WebhookEndpoint endpoint, String key) {
            this.emitted = emitted;
            this.endpoint = endpoint;
            this.key = key;
        }

        /**
         * time_ms is when the channel, member or user went, not when the debounce ends; the job is
         * created (its retry window starts) when it becomes due.
         */
        WebhookJob job(long debounceMillis) {
            long at = emitted.atMillis();
            long due = at + debounceMillis;
            return new WebhookJob(UUID.randomUUID().toString(), emitted.app().id(), endpoint.url(),
                    body(at, List.of(emitted.event().toJson())), due, due, key);
        }
    }

    private static final class Batch {
        final AppConfig app;
        final WebhookEndpoint endpoint;
        final List<String> events = new ArrayList<>();
        final Set<String> cacheMisses = new HashSet<>();
        long firstAtMillis = -1;

        Batch(AppConfig app, WebhookEndpoint endpoint) {
            this.app = app;
            this.endpoint = endpoint;
        }

        /** Adds the event (one cache_miss per channel); returns the events the batch holds. */
        int add(Emitted emitted) {
            WebhookEvent event = emitted.event();
            if (event.type() == WebhookEventType.CACHE_MISS && !cacheMisses.add(event.channel())) {
                return events.size();
            }
            if (firstAtMillis < 0) {
                firstAtMillis = emitted.atMillis();
            }
            events.add(event.toJson());
            return events.size();
        }

        WebhookJob job() {
            return new WebhookJob(UUID.randomUUID().toString(), app.id(), endpoint.url(), body(firstAtMillis, events),
                    firstAtMillis);
        }
    }
}
