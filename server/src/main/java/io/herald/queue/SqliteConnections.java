package io.herald.queue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection per database file in this process, shared by every queue object open on it.
 * SQLite lets one connection write at a time and wakes waiting connections unfairly, so two
 * connections of one process under load can starve each other into SQLITE_BUSY; one shared
 * connection behind a fair Java lock cannot.
 */
final class SqliteConnections {

    /** A connection, the lock every use of it takes, its group commit, and how many queue objects use it. */
    static final class Shared {
        final Connection db;
        final ReentrantLock lock = new ReentrantLock(true);
        final SqliteGroupCommit writes;
        private int users;

        private Shared(Connection db) {
            this.db = db;
            this.writes = new SqliteGroupCommit(db, lock);
        }
    }

    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private SqliteConnections() {}

    /** The connection to {@code file}, opened with {@code opener} if no queue object holds it yet. */
    static synchronized Shared acquire(Path file, Opener opener) throws SQLException {
        Shared shared = OPEN.get(file);
        if (shared == null) {
            shared = new Shared(opener.open());
            OPEN.put(file, shared);
        }
        shared.users++;
        return shared;
    }

    /** Closes the connection when its last user lets go. */
    static synchronized void release(Path file, Shared shared) throws SQLException {
        if (--shared.users == 0) {
            OPEN.remove(file);
            shared.lock.lock();
            try {
                shared.db.close();
            } finally {
                shared.lock.unlock();
            }
        }
    }
}
