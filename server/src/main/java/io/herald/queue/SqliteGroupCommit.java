package io.herald.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for the writes of one SQLite connection: a write waits for the connection's lock,
 * and whoever gets it runs every write queued meanwhile in one transaction, so one fsync (the
 * cost of {@code synchronous=FULL}) serves them all. Each write runs inside its own savepoint: one
 * that fails is undone alone and fails alone; a commit that fails fails them all. The writers are
 * sender workers and the outbox's writer thread, never event loops.
 */
final class SqliteGroupCommit {

    @FunctionalInterface
    interface Write<T> {
        T run() throws SQLException;
    }

    private static final class Pending<T> {
        final Write<T> write;
        T result;
        SQLException failure;
        boolean done;

        Pending(Write<T> write) {
            this.write = write;
        }
    }

    private final Connection db;
    private final ReentrantLock lock;
    private final List<Pending<?>> waiting = new ArrayList<>();

    SqliteGroupCommit(Connection db, ReentrantLock lock) {
        this.db = db;
        this.lock = lock;
    }

    /** Runs {@code write} in the next group; returns once that group is committed. */
    <T> T run(Write<T> write) throws SQLException {
        Pending<T> mine = new Pending<>(write);
        synchronized (waiting) {
            waiting.add(mine);
        }
        lock.lock();
        try {
            if (!mine.done) {
                commitGroup();
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Called holding the lock: runs and commits everything waiting, this caller's write among it. */
    private void commitGroup() {
        List<Pending<?>> group;
        synchronized (waiting) {
            group = new ArrayList<>(waiting);
            waiting.clear();
        }
        try {
            db.setAutoCommit(false);
            try (Statement savepoints = db.createStatement()) {
                for (Pending<?> pending : group) {
                    runInSavepoint(savepoints, pending);
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            for (Pending<?> pending : group) {
                pending.failure = pending.failure == null ? e : pending.failure;
            }
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException e) {
                // The connection is broken; the next write fails with the cause.
            }
            group.forEach(pending -> pending.done = true);
        }
    }

    private static <T> void runInSavepoint(Statement savepoints, Pending<T> pending) throws SQLException {
        savepoints.execute("SAVEPOINT one_write");
        try {
            pending.result = pending.write.run();
        } catch (SQLException | RuntimeException e) {
            savepoints.execute("ROLLBACK TO one_write");
            pending.failure = e instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
        }
        savepoints.execute("RELEASE one_write");
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            // Nothing more to undo on a broken connection.
        }
    }
}
