package io.herald.redis;

import io.herald.config.RedisMode;
import io.herald.config.WebhooksConfig;
import io.herald.webhook.DeadJob;
import io.herald.webhook.JobLocation;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.QueueStats;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueueException;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Webhook jobs in Redis Streams, for senders spread over many processes.
 *
 * <p>Layout (see {@link RedisKeys}): one stream per lane, each read by the consumer group
 * {@value #GROUP} in which every queue object is its own consumer; a lease is an entry pending for
 * that consumer, completed by XACK+XDEL and taken over by another consumer with XAUTOCLAIM once it
 * has been idle longer than the taker's lease (so all senders should use the same lease). A retry
 * leaves its stream for a sorted set of delayed jobs scored by due time; whichever sender leases
 * the retry lane moves the due ones into the retry stream. A debounced job enqueued for later waits
 * there too, its cancel key indexed in a hash so {@link #cancel} can remove it until it is due.
 * Dead letters are a third stream. Every
 * change spanning keys is one Lua script ({@link RedisScripts}).
 *
 * <p>Attempts count failed deliveries, kept in the entry; a lease that ran out is not one. Enqueue
 * is as durable as the server's persistence (use {@code appendonly yes}). If the server lost the
 * streams or their group (a restart without persistence, FLUSHALL), the next call recreates the
 * group. Every call is bounded by the command timeout; a call the server did not answer throws
 * {@link WebhookQueueException}. Keys are built inside scripts; on a Redis Cluster the prefix
 * becomes a hash tag ({@code {herald}}), so the whole queue lives on the shard of that slot, and
 * every enqueue, retry and dead letter waits for a replica to have it ({@link ReplicaAcknowledgement}).
 */
public final class RedisWebhookQueue implements WebhookQueue {

    static final String GROUP = "senders";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Consumers of processes gone this long, holding nothing, are forgotten when a queue opens. */
    private static final Duration FORGET_IDLE_CONSUMERS = Duration.ofDays(1);
    private static final int PROMOTE_AT_LEAST = 100;
    private static final int CLAIM_ROUNDS = 4;
    private static final int REPLAY_PAGE = 100;

    private final RedisKeys keys;
    private final LongSupplier clock;
    private final String consumer;
    private final RedisClients clients;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> redis;
    /** Run after each write a failover must not lose: WAIT for a replica on a Redis Cluster, nothing on one server. */
    private final Runnable replicated;
    private final Map<Lane, String> claimCursor = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Connects to {@code config.url()} with the default timeout and the system clock. */
    public RedisWebhookQueue(WebhooksConfig.RedisQueue config) {
        this(config, DEFAULT_TIMEOUT, System::currentTimeMillis);
    }

    /**
     * Connects to {@code config.url()}; every call fails after {@code timeout}; {@code clock} (epoch
     * millis) decides when delayed retries are due and should agree with the other senders' clocks.
     */
    public RedisWebhookQueue(WebhooksConfig.RedisQueue config, Duration timeout, LongSupplier clock) {
        this.keys = RedisKeys.of(config.keyPrefix(), config.mode() == RedisMode.CLUSTER);
        this.clock = clock;
        this.consumer = consumerName();
        this.clients = RedisClients.create(config.url(), config.mode(), timeout);
        try {
            RedisClients.RedisLink<String, String> link = clients.connect(StringCodec.UTF8);
            this.connection = link.connection();
            this.redis = link.sync();
            this.replicated = connection instanceof StatefulRedisClusterConnection<String, String> cluster
                    ? new ReplicaAcknowledgement(cluster, keys.lane(Lane.FIRST), timeout)::await
                    : () -> {};
            for (Lane lane : Lane.values()) {
                createGroup(lane);
            }
            forgetConsumers(FORGET_IDLE_CONSUMERS);
        } catch (RedisException e) {
            shutdownClient();
            throw new WebhookQueueException("cannot open the Redis webhook queue at " + clients.address() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void enqueue(List<WebhookJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        List<String> values = new ArrayList<>(2 + jobs.size() * 7);
        values.add(Long.toString(clock.getAsLong()));
        values.add(keys.delayedJobPrefix());
        for (WebhookJob job : jobs) {
            values.addAll(List.of(job.id(), job.appId(), job.endpointUrl(), job.body(), Long.toString(job.createdAtMillis()),
                    Long.toString(job.dueAtMillis()), job.cancelKey() == null ? "" : job.cancelKey()));
        }
        call("enqueue", () -> {
            script(RedisScripts.ENQUEUE, List.of(keys.lane(Lane.FIRST), keys.delayed(), keys.cancelIndex()), values);
            replicated.run();
            return null;
        });
    }

    @Override
    public Set<String> cancel(Collection<String> cancelKeys) {
        if (cancelKeys.isEmpty()) {
            return Set.of();
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(clock.getAsLong()), keys.delayedJobPrefix()));
        args.addAll(cancelKeys);
        List<Object> cancelled = call("cancel", () -> redis.eval(RedisScripts.CANCEL, ScriptOutputType.MULTI,
                new String[] {keys.delayed(), keys.cancelIndex()}, args.toArray(String[]::new)));
        Set<String> keysCancelled = new HashSet<>();
        for (Object key : cancelled) {
            keysCancelled.add(String.valueOf(key));
        }
        return keysCancelled;
    }

    @Override
    public List<LeasedJob> lease(Lane lane, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        return call("lease", () -> {
            if (lane == Lane.RETRY) {
                promoteDueRetries(Math.max(PROMOTE_AT_LEAST, max));
            }
            List<LeasedJob> leased = new ArrayList<>(claimAbandoned(lane, max, lease));
            if (leased.size() < max) {
                leased.addAll(readNew(lane, max - leased.size()));
            }
            return leased;
        });
    }

    @Override
    public void complete(LeasedJob job) {
        RedisLease lease = RedisLease.parse(job.lease());
        call("complete", () -> script(RedisScripts.COMPLETE, List.of(keys.lane(lease.lane())), List.of(GROUP, lease.entryId())));
    }

    @Override
    public void retry(LeasedJob job, Duration delay, String error) {
        putBack("retry", job, delay, job.attempts() + 1, String.valueOf(error));
    }

    @Override
    public void defer(LeasedJob job, Duration delay) {
        putBack("defer", job, delay, job.attempts(), job.lastError());
    }

    /** Moves the job to the delayed set, due after {@code delay}, with these attempts and error (none when null). */
    private void putBack(String operation, LeasedJob job, Duration delay, int attempts, String error) {
        RedisLease lease = RedisLease.parse(job.lease());
        WebhookJob j = job.job();
        List<String> args = new ArrayList<>(List.of(GROUP, lease.consumer(), lease.entryId(),
                Long.toString(clock.getAsLong() + delay.toMillis()), j.id()));
        args.addAll(RedisEntries.fields(j, attempts));
        if (error != null) {
            args.addAll(List.of("error", error));
        }
        call(operation, () -> {
            script(RedisScripts.RETRY, List.of(keys.lane(lease.lane()), keys.delayed(), keys.delayedJob(j.id())), args);
            replicated.run();
            return null;
        });
    }

    @Override
    public Map<String, JobLocation> locate(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> args = new ArrayList<>(List.of(keys.delayedJobPrefix()));
        args.addAll(ids);
        List<Object> rows = call("locate", () -> redis.eval(RedisScripts.LOCATE, ScriptOutputType.MULTI,
                new String[] {keys.deadIndex(), keys.dead(), keys.lane(Lane.FIRST), keys.lane(Lane.RETRY)},
                args.toArray(String[]::new)));
        Map<String, JobLocation> found = new HashMap<>();
        for (Object row : rows) {
            List<?> r = (List<?>) row;
            String id = String.valueOf(r.get(0));
            JobLocation.State state = "dead".equals(r.get(1)) ? JobLocation.State.DEAD : JobLocation.State.QUEUED;
            String error = r.size() > 3 && r.get(3) instanceof String e && !e.isEmpty() ? e : null;
            found.put(id, new JobLocation(id, state, Integer.parseInt(String.valueOf(r.get(2))), error));
        }
        return found;
    }

    @Override
    public void deadLetter(LeasedJob job, String error) {
        RedisLease lease = RedisLease.parse(job.lease());
        WebhookJob j = job.job();
        List<String> args = new ArrayList<>(List.of(GROUP, lease.consumer(), lease.entryId(), j.id()));
        args.addAll(RedisEntries.fields(j, job.attempts() + 1));
        args.addAll(List.of("error", String.valueOf(error), "dead_at", Long.toString(clock.getAsLong())));
        call("dead-letter", () -> {
            script(RedisScripts.DEAD, List.of(keys.lane(lease.lane()), keys.dead(), keys.deadIndex()), args);
            replicated.run();
            return null;
        });
    }

    @Override
    public List<DeadJob> deadLetters(int limit) {
        return call("list dead letters", () -> redis.xrange(keys.dead(), Range.unbounded(), Limit.from(limit)).stream()
                .map(RedisEntries::deadJob)
                .toList());
    }

    @Override
    public int replay(List<String> ids) {
        return call("replay", () -> {
            if (!ids.isEmpty()) {
                return replayEntries(deadEntriesOf(ids));
            }
            int replayed = 0;
            for (List<String> page = deadEntryPage(); !page.isEmpty(); page = deadEntryPage()) {
                replayed += replayEntries(page);
            }
            return replayed;
        });
    }

    @Override
    public QueueStats stats() {
        List<Long> s = call("stats", () -> redis.eval(RedisScripts.STATS, ScriptOutputType.MULTI,
                new String[] {keys.lane(Lane.FIRST), keys.lane(Lane.RETRY), keys.delayed(), keys.dead()},
                GROUP, Long.toString(clock.getAsLong())));
        return new QueueStats(s.get(0), s.get(1), s.get(2), s.get(3), s.get(4));
    }

    /** Forgets this consumer if it holds nothing, and disconnects. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            forgetConsumers(FORGET_IDLE_CONSUMERS);
        } catch (RedisException e) {
            // The server is gone; the consumer is forgotten by the next queue that opens.
        }
        shutdownClient();
    }

    @Override
    public String toString() {
        return "RedisWebhookQueue[" + keys.prefix() + ", consumer " + consumer + "]";
    }

    private void promoteDueRetries(int limit) {
        script(RedisScripts.PROMOTE, List.of(keys.delayed(), keys.lane(Lane.RETRY), keys.cancelIndex()),
                List.of(Long.toString(clock.getAsLong()), Integer.toString(limit), keys.delayedJobPrefix()));
    }

    /** Takes over entries idle longer than {@code lease}: their holder died or gave up. */
    private List<LeasedJob> claimAbandoned(Lane lane, int max, Duration lease) {
        List<LeasedJob> claimed = new ArrayList<>();
        String cursor = claimCursor.getOrDefault(lane, "0-0");
        for (int round = 0; round < CLAIM_ROUNDS && claimed.size() < max; round++) {
            var result = redis.xautoclaim(keys.lane(lane),
                    XAutoClaimArgs.Builder.xautoclaim(Consumer.from(GROUP, consumer), lease, cursor).count(max - claimed.size()));
            claimed.addAll(leased(lane, result.getMessages()));
            cursor = result.getId();
            if ("0-0".equals(cursor)) {
                break;
            }
        }
        claimCursor.put(lane, cursor);
        return claimed;
    }

    private List<LeasedJob> readNew(Lane lane, int max) {
        return leased(lane, redis.xreadgroup(Consumer.from(GROUP, consumer), XReadArgs.Builder.count(max),
                XReadArgs.StreamOffset.lastConsumed(keys.lane(lane))));
    }

    private List<LeasedJob> leased(Lane lane, List<StreamMessage<String, String>> messages) {
        List<LeasedJob> leased = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> m : messages) {
            if (m.getBody() != null && !m.getBody().isEmpty()) {
                leased.add(new LeasedJob(RedisEntries.job(m.getBody()), RedisEntries.attempts(m.getBody()),
                        new RedisLease(lane, m.getId(), consumer).format(), RedisEntries.lastError(m.getBody())));
            }
        }
        return leased;
    }

    private int replayEntries(List<String> deadEntries) {
        String now = Long.toString(clock.getAsLong());
        int replayed = 0;
        for (String entry : deadEntries) {
            replayed += script(RedisScripts.REPLAY, List.of(keys.dead(), keys.deadIndex(), keys.lane(Lane.FIRST)), List.of(entry, now));
        }
        return replayed;
    }

    /** The oldest dead entries; replaying them removes them, so the next page follows. */
    private List<String> deadEntryPage() {
        return redis.xrange(keys.dead(), Range.unbounded(), Limit.from(REPLAY_PAGE)).stream().map(StreamMessage::getId).toList();
    }

    private List<String> deadEntriesOf(List<String> ids) {
        return redis.hmget(keys.deadIndex(), ids.toArray(String[]::new)).stream()
                .filter(KeyValue::hasValue)
                .map(KeyValue::getValue)
                .toList();
    }

    private void forgetConsumers(Duration idle) {
        script(RedisScripts.FORGET_CONSUMERS, List.of(keys.lane(Lane.FIRST), keys.lane(Lane.RETRY)),
                List.of(GROUP, consumer, Long.toString(idle.toMillis())));
    }

    /** Creates the lane's stream and group if missing; a group that exists is left as it is. */
    private void createGroup(Lane lane) {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.lane(lane), "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisCommandExecutionException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private int script(String script, List<String> keyNames, List<String> args) {
        Long result = redis.eval(script, ScriptOutputType.INTEGER, keyNames.toArray(String[]::new), args.toArray(String[]::new));
        return result == null ? 0 : result.intValue();
    }

    /**
     * Runs {@code work}; if the server lost a stream or its group, recreates both lanes' groups and
     * runs it once more. Any other failure, or a second one, becomes a {@link WebhookQueueException}.
     */
    private <T> T call(String operation, Supplier<T> work) {
        try {
            try {
                return work.get();
            } catch (RedisCommandExecutionException e) {
                if (!String.valueOf(e.getMessage()).contains("NOGROUP")) {
                    throw e;
                }
                for (Lane lane : Lane.values()) {
                    createGroup(lane);
                }
                return work.get();
            }
        } catch (RedisException e) {
            throw new WebhookQueueException("Redis webhook queue " + keys.prefix() + ": " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private void shutdownClient() {
        clients.shutdown();
    }

    /** Unique per queue object: the process id for the operator, random bits for uniqueness. */
    private static String consumerName() {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return "herald-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }
}
