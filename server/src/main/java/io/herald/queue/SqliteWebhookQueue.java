package io.herald.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.webhook.DeadJob;
import io.herald.webhook.JobLocation;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.QueueStats;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.sqlite.SQLiteConfig;

/**
 * The embedded webhook queue: one SQLite file ({@value #FILE_NAME}) in the node's data directory,
 * in WAL mode with {@code synchronous=FULL}, so an enqueue that returned survives {@code kill -9}
 * and a power cut.
 *
 * <p>Writes commit in groups ({@link SqliteGroupCommit}): every write that waits for the connection
 * while another commits (the outbox's enqueues, the senders' leases, completions and retries) goes
 * into the next transaction, so one fsync serves them all.
 *
 * <p>SQLite has a single writer, so this driver is for one node and the senders inside it. Queue
 * objects of one process on the same file share one connection ({@link SqliteConnections}); a few
 * processes on one machine may share the file, waiting up to {@value #BUSY_TIMEOUT_MILLIS} ms for
 * each other's writes, but {@code herald sender} processes elsewhere need the Redis or NATS driver.
 *
 * <p>A job enqueued for later (a debounced event) waits in the first lane with its due time and
 * its cancel key; {@link #cancel} deletes it while it is not due yet.
 *
 * <p>One table holds every job. A job is in the first lane until its first failed attempt or
 * deferral and in the retry lane after; {@code due_at} is when it may next be leased; a lease is
 * a random owner token with an expiry, claimed by one UPDATE so two senders never hold the same
 * job. Dead letters stay in the table with {@code state='dead'}, numbered in the order they died.
 * Attempts count failed deliveries ({@link #retry} and {@link #deadLetter}); a deferral or a lease
 * that ran out is not one.
 */
public final class SqliteWebhookQueue implements WebhookQueue {

    public static final String FILE_NAME = "webhooks.db";
    private static final int BUSY_TIMEOUT_MILLIS = 5000;
    private static final ObjectMapper JSON_ARRAY = new ObjectMapper();

    private final Path file;
    private final LongSupplier clock;
    private final SqliteConnections.Shared shared;
    private final Connection db;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Opens (creating if needed) the queue in {@code dataDir}, on the system clock. */
    public SqliteWebhookQueue(Path dataDir) {
        this(dataDir, System::currentTimeMillis);
    }

    /** Opens (creating if needed) the queue in {@code dataDir}; {@code clock} gives epoch milliseconds. */
    public SqliteWebhookQueue(Path dataDir, LongSupplier clock) {
        this.clock = clock;
        try {
            this.file = Files.createDirectories(dataDir).toRealPath().resolve(FILE_NAME);
            this.shared = SqliteConnections.acquire(file, () -> open(file));
            this.db = shared.db;
        } catch (IOException | SQLException e) {
            throw new WebhookQueueException("cannot open the webhook queue at " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    private static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // Take the write lock when a transaction starts, so two writers wait for each other
        // instead of failing when a reader upgrades.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection db = config.createConnection("jdbc:sqlite:" + file);
        try {
            SqliteSchema.create(db);
            return db;
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public void enqueue(List<WebhookJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        grouped(() -> {
            try (PreparedStatement insert = db.prepareStatement(SqliteSchema.INSERT)) {
                for (WebhookJob job : jobs) {
                    insert.setString(1, job.id());
                    insert.setString(2, job.appId());
                    insert.setString(3, job.endpointUrl());
                    insert.setString(4, job.body());
                    insert.setLong(5, job.createdAtMillis());
                    insert.setLong(6, Math.max(now, job.dueAtMillis()));
                    insert.setString(7, job.cancelKey());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Set<String> cancel(Collection<String> cancelKeys) {
        if (cancelKeys.isEmpty()) {
            return Set.of();
        }
        long now = clock.getAsLong();
        return grouped(() -> {
            Set<String> cancelled = new HashSet<>();
            try (PreparedStatement cancel = db.prepareStatement(SqliteSchema.CANCEL)) {
                for (String key : cancelKeys) {
                    cancel.setString(1, key);
                    cancel.setLong(2, now);
                    if (cancel.executeUpdate() > 0) {
                        cancelled.add(key);
                    }
                }
            }
            return cancelled;
        });
    }

    @Override
    public List<LeasedJob> lease(Lane lane, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        long now = clock.getAsLong();
        String owner = UUID.randomUUID().toString();
        return grouped(() -> {
            try (PreparedStatement claim = db.prepareStatement(SqliteSchema.CLAIM)) {
                claim.setString(1, owner);
                claim.setLong(2, now + lease.toMillis());
                claim.setString(3, SqliteSchema.lane(lane));
                claim.setLong(4, now);
                claim.setLong(5, now);
                claim.setInt(6, max);
                List<LeasedJob> leased = new ArrayList<>();
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        leased.add(new LeasedJob(job(rows), rows.getInt("attempts"), owner, rows.getString("last_error")));
                    }
                }
                return leased;
            }
        });
    }

    @Override
    public void complete(LeasedJob job) {
        update(SqliteSchema.DELETE, job.job().id());
    }

    @Override
    public void retry(LeasedJob job, Duration delay, String error) {
        update(SqliteSchema.RETRY, clock.getAsLong() + delay.toMillis(), error, job.job().id(), job.lease());
    }

    @Override
    public void defer(LeasedJob job, Duration delay) {
        update(SqliteSchema.DEFER, clock.getAsLong() + delay.toMillis(), job.job().id(), job.lease());
    }

    @Override
    public Map<String, JobLocation> locate(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String array = JSON_ARRAY.valueToTree(ids).toString();
        return locked(() -> {
            try (PreparedStatement select = db.prepareStatement(SqliteSchema.LOCATE)) {
                select.setString(1, array);
                Map<String, JobLocation> found = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String id = rows.getString("id");
                        JobLocation.State state = "dead".equals(rows.getString("state")) ? JobLocation.State.DEAD : JobLocation.State.QUEUED;
                        found.put(id, new JobLocation(id, state, rows.getInt("attempts"), rows.getString("last_error")));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public void deadLetter(LeasedJob job, String error) {
        update(SqliteSchema.DEAD, clock.getAsLong(), error, job.job().id(), job.lease());
    }

    @Override
    public List<DeadJob> deadLetters(int limit) {
        return locked(() -> {
            try (PreparedStatement select = db.prepareStatement(SqliteSchema.DEAD_LETTERS)) {
                select.setInt(1, limit);
                List<DeadJob> dead = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        dead.add(new DeadJob(job(rows), rows.getInt("attempts"), rows.getString("last_error"), rows.getLong("dead_at")));
                    }
                }
                return dead;
            }
        });
    }

    @Override
    public int replay(List<String> ids) {
        long now = clock.getAsLong();
        if (ids.isEmpty()) {
            return update(SqliteSchema.REPLAY_ALL, now);
        }
        return inTransaction(() -> {
            int replayed = 0;
            try (PreparedStatement replay = db.prepareStatement(SqliteSchema.REPLAY_ONE)) {
                for (String id : ids) {
                    replay.setLong(1, now);
                    replay.setString(2, id);
                    replayed += replay.executeUpdate();
                }
            }
            return replayed;
        });
    }

    @Override
    public QueueStats stats() {
        long now = clock.getAsLong();
        return locked(() -> {
            try (PreparedStatement select = db.prepareStatement(SqliteSchema.STATS)) {
                select.setLong(1, now);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long oldestDue = row.getLong("oldest_due");
                    boolean anyReady = !row.wasNull();
                    return new QueueStats(row.getLong("ready"), row.getLong("delayed"), row.getLong("in_flight"),
                            row.getLong("dead"), anyReady ? Math.max(0, now - oldestDue) : 0);
                }
            }
        });
    }

    /** Lets go of the file; the connection closes when no queue object of this process uses it. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                SqliteConnections.release(file, shared);
            } catch (SQLException e) {
                throw new WebhookQueueException("closing the webhook queue at " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteWebhookQueue[" + file + "]";
    }

    private static WebhookJob job(ResultSet row) throws SQLException {
        return new WebhookJob(row.getString("id"), row.getString("app"), row.getString("url"), row.getString("body"), row.getLong("created"));
    }

    /** Runs one statement with {@code parameters} bound in order, in the next group commit; returns the rows it changed. */
    private int update(String sql, Object... parameters) {
        return grouped(() -> {
            try (PreparedStatement statement = db.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private <T> T inTransaction(SqlWork<T> work) {
        return locked(() -> {
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        });
    }

    /** A write: committed together with the others waiting for the connection ({@link SqliteGroupCommit}). */
    private <T> T grouped(SqlWork<T> work) {
        if (closed.get()) {
            throw new WebhookQueueException("the webhook queue at " + file + " is closed", null);
        }
        try {
            return shared.writes.run(work::run);
        } catch (SQLException e) {
            throw new WebhookQueueException("webhook queue at " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T locked(SqlWork<T> work) {
        shared.lock.lock();
        try {
            if (closed.get()) {
                throw new WebhookQueueException("the webhook queue at " + file + " is closed", null);
            }
            return work.run();
        } catch (SQLException e) {
            throw new WebhookQueueException("webhook queue at " + file + ": " + e.getMessage(), e);
        } finally {
            shared.lock.unlock();
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }
}
