package io.herald.nats;

import io.herald.config.WebhooksConfig;
import io.herald.webhook.DeadJob;
import io.herald.webhook.JobLocation;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.QueueStats;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueueException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Webhook jobs in NATS JetStream, for senders spread over many processes.
 *
 * <p>Layout (see {@link NatsNames}): one work-queue stream on file storage with a subject per lane
 * and one for delayed retries, each read by one durable pull consumer with explicit acks; dead
 * letters in a second stream. A lease is a delivery not yet acked; its AckWait is the lease, so a
 * sender that dies lets the job be delivered again. The lease passed to {@link #lease} becomes the
 * lane consumer's AckWait, so every sender of one stream must use the same lease. JetStream takes
 * an ack by stream sequence, whichever delivery it came from, so a sender whose lease ran out can
 * still complete, retry or dead-letter a job another sender now holds; the job may then be
 * delivered once more, which at-least-once allows.
 *
 * <p>Attempts are carried in the message ({@link NatsEnvelope}), not taken from JetStream's
 * delivery count, so they count failed deliveries only: a redelivery after a sender died, or after
 * a delayed retry was parked, does not add one. A retry publishes the job, attempts plus one, to
 * the delayed subject and acks the old message; whichever sender leases the retry lane moves due
 * retries to the retry subject and parks the others with a delayed NAK until they are due.
 * Publishes carry a Nats-Msg-Id derived from what they copy, so a repeated enqueue, retry or
 * replay within the stream's duplicate window is stored once.
 *
 * <p>A job enqueued for later (a debounced event) goes to the delayed subject like a retry;
 * {@link #cancel} cannot remove it: the sender drops it when it is due if what it ends is back
 * (see there).
 *
 * <p>Enqueue returns once JetStream stored the message (as durable as the server's sync setting).
 * After a reconnect, when the server says a stream or consumer is missing, and when a pull goes
 * unanswered (what a deleted consumer does), missing streams and consumers are created again. Every call is bounded by the request timeout and throws
 * {@link WebhookQueueException} when the server does not answer.
 */
public final class NatsWebhookQueue implements WebhookQueue {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int PROMOTE_BATCH = 100;

    private final NatsNames names;
    private final LongSupplier clock;
    private final Duration timeout;
    private final Connection nats;
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final NatsTopology topology;
    private final NatsPuller puller;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Connects to {@code config.url()} with the default timeout and the system clock. */
    public NatsWebhookQueue(WebhooksConfig.NatsQueue config) {
        this(config, DEFAULT_TIMEOUT, System::currentTimeMillis);
    }

    /**
     * Connects to {@code config.url()}; every call fails after {@code timeout}; {@code clock} (epoch
     * millis) decides when delayed retries are due.
     */
    public NatsWebhookQueue(WebhooksConfig.NatsQueue config, Duration timeout, LongSupplier clock) {
        this.names = NatsNames.of(config.stream());
        this.clock = clock;
        this.timeout = timeout;
        NatsTopology[] created = new NatsTopology[1];
        Options options = Options.builder()
                .server(config.url())
                .connectionName("herald-webhooks")
                .connectionTimeout(timeout)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                // A publish buffered while disconnected would be sent after the caller was told it failed.
                .reconnectBufferSize(0)
                .connectionListener((connection, event) -> {
                    if (event == ConnectionListener.Events.RECONNECTED && created[0] != null) {
                        created[0].check();
                    }
                })
                .build();
        try {
            this.nats = Nats.connect(options);
            JetStreamOptions jso = JetStreamOptions.builder().requestTimeout(timeout).build();
            this.js = nats.jetStream(jso);
            this.jsm = nats.jetStreamManagement(jso);
        } catch (IOException e) {
            throw new WebhookQueueException("cannot reach NATS for the webhook queue " + names.stream() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookQueueException("interrupted while connecting to NATS", e);
        }
        this.topology = new NatsTopology(jsm, names);
        created[0] = topology;
        this.puller = new NatsPuller(nats, names.stream(), timeout);
        try {
            topology.ensure();
        } catch (IOException | JetStreamApiException e) {
            close();
            throw new WebhookQueueException("cannot create the NATS webhook stream " + names.stream() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void enqueue(List<WebhookJob> jobs) {
        call("enqueue", () -> {
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>(jobs.size());
            long now = clock.getAsLong();
            for (WebhookJob job : jobs) {
                boolean later = job.dueAtMillis() > now;
                var envelope = new NatsEnvelope(job, 0, later ? job.dueAtMillis() : 0, null, 0);
                acks.add(js.publishAsync(later ? names.delayedSubject() : names.subject(Lane.FIRST), envelope.encode(),
                        messageId("job:" + job.id())));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (CompletableFuture<PublishAck> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return null;
        });
    }

    /**
     * JetStream cannot find a stored message by a key of ours, so nothing is cancelled here: the
     * event of the return is sent, and the debounced event is dropped by the sender when its
     * channel, member or user is present at send time ({@link #cancels()}).
     */
    @Override
    public Set<String> cancel(Collection<String> cancelKeys) {
        return Set.of();
    }

    /** Senders drop a debounced end whose channel, member or user is back at send time instead. */
    @Override
    public boolean cancels() {
        return false;
    }

    @Override
    public List<LeasedJob> lease(Lane lane, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        return call("lease", () -> {
            topology.useLease(lane, lease);
            if (lane == Lane.RETRY) {
                promoteDueRetries();
            }
            List<LeasedJob> leased = new ArrayList<>();
            for (Message m : puller.pull(NatsNames.consumer(lane), max)) {
                NatsEnvelope envelope = decodeOrDrop(m);
                if (envelope != null) {
                    leased.add(new LeasedJob(envelope.job(), envelope.attempts(), m.getReplyTo(), envelope.lastError()));
                }
            }
            return leased;
        });
    }

    @Override
    public void complete(LeasedJob job) {
        call("complete", () -> {
            puller.ack(job.lease());
            return null;
        });
    }

    @Override
    public void retry(LeasedJob job, Duration delay, String error) {
        var envelope = new NatsEnvelope(job.job(), job.attempts() + 1, clock.getAsLong() + delay.toMillis(), error, 0);
        call("retry", () -> {
            js.publish(names.delayedSubject(), envelope.encode(), messageId("retry:" + NatsPuller.streamSequence(job.lease())));
            puller.ack(job.lease());
            return null;
        });
    }

    @Override
    public void defer(LeasedJob job, Duration delay) {
        var envelope = new NatsEnvelope(job.job(), job.attempts(), clock.getAsLong() + delay.toMillis(), job.lastError(), 0);
        call("defer", () -> {
            js.publish(names.delayedSubject(), envelope.encode(), messageId("defer:" + NatsPuller.streamSequence(job.lease())));
            puller.ack(job.lease());
            return null;
        });
    }

    /**
     * Reads through the work stream in sequence order, then looks the rest up among the dead
     * letters. A job moving meanwhile is published again before its old message goes, at a higher
     * sequence or as a dead letter, so it is found either way.
     */
    @Override
    public Map<String, JobLocation> locate(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return call("locate", () -> {
            Set<String> wanted = new HashSet<>(ids);
            Map<String, JobLocation> found = new HashMap<>();
            String everySubject = names.stream() + ".>";
            for (MessageInfo m = nextJob(1, everySubject); m != null && !wanted.isEmpty(); m = nextJob(m.getSeq() + 1, everySubject)) {
                NatsEnvelope envelope;
                try {
                    envelope = NatsEnvelope.decode(m.getData());
                } catch (IllegalArgumentException notAJob) {
                    continue;
                }
                String id = envelope.job().id();
                if (wanted.remove(id)) {
                    found.put(id, new JobLocation(id, JobLocation.State.QUEUED, envelope.attempts(), envelope.lastError()));
                }
            }
            for (String id : wanted) {
                MessageInfo dead = lastDeadLetterOf(id);
                if (dead != null) {
                    NatsEnvelope envelope = NatsEnvelope.decode(dead.getData());
                    found.put(id, new JobLocation(id, JobLocation.State.DEAD, envelope.attempts(), envelope.lastError()));
                }
            }
            return found;
        });
    }

    private MessageInfo nextJob(long from, String subjects) throws IOException, JetStreamApiException {
        return NatsTopology.orNull(() -> jsm.getNextMessage(names.stream(), from, subjects));
    }

    @Override
    public void deadLetter(LeasedJob job, String error) {
        var envelope = new NatsEnvelope(job.job(), job.attempts() + 1, 0, error, clock.getAsLong());
        call("dead-letter", () -> {
            js.publish(names.deadSubject(job.job().id()), envelope.encode(), messageId("dead:" + NatsPuller.streamSequence(job.lease())));
            puller.ack(job.lease());
            return null;
        });
    }

    @Override
    public List<DeadJob> deadLetters(int limit) {
        return call("list dead letters", () -> {
            List<DeadJob> dead = new ArrayList<>();
            for (MessageInfo m : deadMessages(limit)) {
                dead.add(NatsEnvelope.decode(m.getData()).deadJob());
            }
            return dead;
        });
    }

    @Override
    public int replay(List<String> ids) {
        return call("replay", () -> {
            int replayed = 0;
            if (ids.isEmpty()) {
                for (MessageInfo m = nextDeadLetter(1); m != null; m = nextDeadLetter(m.getSeq() + 1)) {
                    replayed += replay(m);
                }
            }
            for (String id : ids) {
                for (MessageInfo m = lastDeadLetterOf(id); m != null; m = lastDeadLetterOf(id)) {
                    replayed += replay(m);
                }
            }
            return replayed;
        });
    }

    @Override
    public QueueStats stats() {
        return call("stats", () -> {
            ConsumerInfo first = jsm.getConsumerInfo(names.stream(), NatsNames.consumer(Lane.FIRST));
            ConsumerInfo retry = jsm.getConsumerInfo(names.stream(), NatsNames.consumer(Lane.RETRY));
            ConsumerInfo delayed = jsm.getConsumerInfo(names.stream(), NatsNames.DELAYED);
            long dead = jsm.getStreamInfo(names.deadStream()).getStreamState().getMsgCount();
            long oldest = Math.max(oldestReadyAge(first, Lane.FIRST), oldestReadyAge(retry, Lane.RETRY));
            return new QueueStats(first.getNumPending() + retry.getNumPending(),
                    delayed.getNumPending() + delayed.getNumAckPending(),
                    first.getNumAckPending() + retry.getNumAckPending(),
                    dead, oldest);
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                nats.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "NatsWebhookQueue[" + names.stream() + "]";
    }

    /** Moves due retries to the retry subject; parks the rest until they are due. */
    private void promoteDueRetries() throws Exception {
        for (Message m : puller.pull(NatsNames.DELAYED, PROMOTE_BATCH)) {
            NatsEnvelope envelope = decodeOrDrop(m);
            if (envelope == null) {
                continue;
            }
            long wait = envelope.dueAtMillis() - clock.getAsLong();
            if (wait > 0) {
                puller.nakWithDelay(m, Duration.ofMillis(wait));
            } else {
                js.publish(names.subject(Lane.RETRY), m.getData(), messageId("promote:" + NatsPuller.streamSequence(m.getReplyTo())));
                puller.ack(m.getReplyTo());
            }
        }
    }

    /** Publishes the dead letter as a fresh job created now, so it gets a new retry window; then deletes it. */
    private int replay(MessageInfo dead) throws Exception {
        WebhookJob was = NatsEnvelope.decode(dead.getData()).job();
        var job = new WebhookJob(was.id(), was.appId(), was.endpointUrl(), was.body(), clock.getAsLong());
        js.publish(names.subject(Lane.FIRST), NatsEnvelope.fresh(job).encode(), messageId("replay:" + dead.getSeq()));
        return jsm.deleteMessage(names.deadStream(), dead.getSeq(), false) ? 1 : 0;
    }

    private List<MessageInfo> deadMessages(int limit) throws IOException, JetStreamApiException {
        List<MessageInfo> dead = new ArrayList<>();
        for (MessageInfo m = limit > 0 ? nextDeadLetter(1) : null; m != null; m = nextDeadLetter(m.getSeq() + 1)) {
            dead.add(m);
            if (dead.size() == limit) {
                break;
            }
        }
        return dead;
    }

    /** The first dead letter at or after stream sequence {@code from}, or null. */
    private MessageInfo nextDeadLetter(long from) throws IOException, JetStreamApiException {
        return NatsTopology.orNull(() -> jsm.getNextMessage(names.deadStream(), from, names.deadSubjects()));
    }

    private MessageInfo lastDeadLetterOf(String id) throws IOException, JetStreamApiException {
        return NatsTopology.orNull(() -> jsm.getLastMessage(names.deadStream(), names.deadSubject(id)));
    }

    /** Age of the first message of the lane no sender has been given yet (0 if none). */
    private long oldestReadyAge(ConsumerInfo consumer, Lane lane) throws IOException, JetStreamApiException {
        if (consumer.getNumPending() == 0) {
            return 0;
        }
        long after = consumer.getDelivered().getStreamSequence();
        MessageInfo next = NatsTopology.orNull(() -> jsm.getNextMessage(names.stream(), after + 1, names.subject(lane)));
        return next == null ? 0 : Math.max(0, clock.getAsLong() - next.getTime().toInstant().toEpochMilli());
    }

    /** A message that is not a job (someone else published on our subjects) is removed, not retried forever. */
    private NatsEnvelope decodeOrDrop(Message m) throws Exception {
        try {
            return NatsEnvelope.decode(m.getData());
        } catch (IllegalArgumentException e) {
            puller.terminate(m.getReplyTo());
            return null;
        }
    }

    private static PublishOptions messageId(String id) {
        return PublishOptions.builder().messageId(id).build();
    }

    /**
     * Runs {@code work} once the streams exist; if the server says a stream or consumer is missing,
     * creates them and runs it once more. Every failure becomes a {@link WebhookQueueException}.
     */
    private <T> T call(String operation, NatsWork<T> work) {
        try {
            if (nats.getStatus() != Connection.Status.CONNECTED) {
                throw new TimeoutException("not connected");
            }
            topology.ensureIfChecked();
            try {
                return work.run();
            } catch (TimeoutException e) {
                // A pull from a consumer that was deleted is not answered at all.
                if (nats.getStatus() != Connection.Status.CONNECTED || !topology.ensure()) {
                    throw e;
                }
                return work.run();
            } catch (Exception e) {
                if (!NatsTopology.isMissing(e)) {
                    throw e;
                }
                topology.ensure();
                return work.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(operation, e);
        } catch (ExecutionException e) {
            throw failure(operation, e.getCause() == null ? e : e.getCause());
        } catch (Exception e) {
            throw failure(operation, e);
        }
    }

    private WebhookQueueException failure(String operation, Throwable cause) {
        String reason = cause instanceof TimeoutException || cause instanceof CancellationException
                ? "no answer within " + timeout.toMillis() + " ms"
                : String.valueOf(cause.getMessage());
        return new WebhookQueueException("NATS webhook queue " + names.stream() + ": " + operation.toLowerCase(Locale.ROOT)
                + " failed (" + nats.getStatus() + "): " + reason, cause);
    }

    @FunctionalInterface
    interface NatsWork<T> {
        T run() throws Exception;
    }
}
