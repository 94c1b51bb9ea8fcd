package io.herald.nats;

import io.herald.webhook.WebhookQueue.Lane;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the streams and consumers of {@link NatsWebhookQueue} when missing (first start, a server
 * that lost its store, an operator who deleted them) and keeps each lane consumer's AckWait equal
 * to the lease senders ask for. Existing streams and consumers are left as they are.
 */
final class NatsTopology {

    /** AckWait of a new lane consumer until a sender leases with its own lease. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** How long a sender moving delayed retries may hold one before another sender may. */
    static final Duration PROMOTER_ACK_WAIT = Duration.ofSeconds(30);

    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int NO_MESSAGE_FOUND = 10037;

    private final JetStreamManagement jsm;
    private final NatsNames names;
    private final Map<Lane, Duration> ackWaits = new ConcurrentHashMap<>();
    private volatile boolean checkNeeded = true;

    NatsTopology(JetStreamManagement jsm, NatsNames names) {
        this.jsm = jsm;
        this.names = names;
    }

    /** Marks the topology as possibly gone (after a reconnect): the next call checks it. */
    void check() {
        checkNeeded = true;
    }

    void ensureIfChecked() throws IOException, JetStreamApiException {
        if (checkNeeded) {
            ensure();
        }
    }

    /** Creates whatever is missing; true if something was. */
    synchronized boolean ensure() throws IOException, JetStreamApiException {
        boolean created = ensureStream(StreamConfiguration.builder()
                .name(names.stream())
                .subjects(names.subject(Lane.FIRST), names.subject(Lane.RETRY), names.delayedSubject())
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .build());
        created |= ensureStream(StreamConfiguration.builder()
                .name(names.deadStream())
                .subjects(names.deadSubjects())
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .build());
        for (Lane lane : Lane.values()) {
            created |= ensureConsumer(NatsNames.consumer(lane), names.subject(lane), ackWaits.getOrDefault(lane, DEFAULT_LEASE));
        }
        created |= ensureConsumer(NatsNames.DELAYED, names.delayedSubject(), PROMOTER_ACK_WAIT);
        checkNeeded = false;
        return created;
    }

    /** Makes {@code lease} the lane consumer's AckWait, so a delivery not acked within it goes to another sender. */
    void useLease(Lane lane, Duration lease) throws IOException, JetStreamApiException {
        if (lease.equals(ackWaits.get(lane))) {
            return;
        }
        synchronized (this) {
            jsm.addOrUpdateConsumer(names.stream(), consumer(NatsNames.consumer(lane), names.subject(lane), lease));
            ackWaits.put(lane, lease);
        }
    }

    private boolean ensureStream(StreamConfiguration config) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
            return false;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(config);
            return true;
        }
    }

    /** Creates the consumer if missing; remembers a lane consumer's AckWait, as found or as created. */
    private boolean ensureConsumer(String name, String subject, Duration ackWait) throws IOException, JetStreamApiException {
        Duration actual = ackWait;
        boolean created = false;
        try {
            actual = jsm.getConsumerInfo(names.stream(), name).getConsumerConfiguration().getAckWait();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                throw e;
            }
            jsm.addOrUpdateConsumer(names.stream(), consumer(name, subject, ackWait));
            created = true;
        }
        for (Lane lane : Lane.values()) {
            if (NatsNames.consumer(lane).equals(name)) {
                ackWaits.put(lane, actual);
            }
        }
        return created;
    }

    private static ConsumerConfiguration consumer(String name, String subject, Duration ackWait) {
        return ConsumerConfiguration.builder()
                .durable(name)
                .filterSubject(subject)
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .maxDeliver(-1)
                .maxAckPending(-1)
                .build();
    }

    /** True when {@code e} says a stream or consumer does not exist (any more). */
    static boolean isMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NatsPuller.NoConsumerException) {
                return true;
            }
            if (t instanceof JetStreamApiException api && (api.getApiErrorCode() == STREAM_NOT_FOUND || api.getApiErrorCode() == CONSUMER_NOT_FOUND)) {
                return true;
            }
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("no responders")) {
                return true;
            }
        }
        return false;
    }

    /** The message {@code get} finds, or null when there is none. */
    static <T> T orNull(Lookup<T> get) throws IOException, JetStreamApiException {
        try {
            return get.run();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @FunctionalInterface
    interface Lookup<T> {
        T run() throws IOException, JetStreamApiException;
    }
}
