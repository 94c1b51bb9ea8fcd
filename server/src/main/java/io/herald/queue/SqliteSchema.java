package io.herald.queue;

import io.herald.webhook.WebhookQueue.Lane;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The table behind {@link SqliteWebhookQueue} and every statement it runs. Times are epoch milliseconds. */
final class SqliteSchema {

    private SqliteSchema() {}

    private static final String[] CREATE = {
        """
        CREATE TABLE IF NOT EXISTS webhook_jobs (
            id          TEXT PRIMARY KEY,
            app         TEXT NOT NULL,
            url         TEXT NOT NULL,
            body        TEXT NOT NULL,
            created     INTEGER NOT NULL,
            lane        TEXT NOT NULL DEFAULT 'first',
            attempts    INTEGER NOT NULL DEFAULT 0,
            due_at      INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            last_error  TEXT,
            state       TEXT NOT NULL DEFAULT 'queued',
            dead_seq    INTEGER,
            dead_at     INTEGER,
            cancel_key  TEXT
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_jobs_ready ON webhook_jobs (state, lane, due_at)",
        "CREATE INDEX IF NOT EXISTS webhook_jobs_dead ON webhook_jobs (dead_seq) WHERE state = 'dead'",
    };

    /** Added after the first release: files created before lack the column. */
    private static final String ADD_CANCEL_KEY = "ALTER TABLE webhook_jobs ADD COLUMN cancel_key TEXT";
    private static final String CANCEL_KEY_INDEX =
            "CREATE INDEX IF NOT EXISTS webhook_jobs_cancel ON webhook_jobs (cancel_key) WHERE cancel_key IS NOT NULL";

    /** id, app, url, body, created, due at, cancel key. A job enqueued twice is stored once. */
    static final String INSERT = """
            INSERT OR IGNORE INTO webhook_jobs (id, app, url, body, created, due_at, cancel_key)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    /** cancel key, now. Only a job not due yet, which no sender can hold. */
    static final String CANCEL = """
            DELETE FROM webhook_jobs
            WHERE cancel_key = ? AND state = 'queued' AND lane = 'first' AND attempts = 0 AND due_at > ?""";

    /** owner, lease until, lane, now, now, max. One statement, so no two senders claim the same row. */
    static final String CLAIM = """
            UPDATE webhook_jobs SET lease_owner = ?, lease_until = ?
            WHERE id IN (
                SELECT id FROM webhook_jobs
                WHERE state = 'queued' AND lane = ? AND due_at <= ?
                  AND (lease_until IS NULL OR lease_until <= ?)
                ORDER BY due_at
                LIMIT ?)
            RETURNING id, app, url, body, created, attempts, last_error""";

    /** id. Delivered: gone, whoever holds it now. */
    static final String DELETE = "DELETE FROM webhook_jobs WHERE id = ?";

    /** due at, error, id, owner. Only the current holder may move a job. */
    static final String RETRY = """
            UPDATE webhook_jobs
            SET lane = 'retry', attempts = attempts + 1, due_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
            WHERE id = ? AND lease_owner = ? AND state = 'queued'""";

    /** due at, id, owner. Put back without a request: attempts and last error stay. */
    static final String DEFER = """
            UPDATE webhook_jobs
            SET lane = 'retry', due_at = ?, lease_owner = NULL, lease_until = NULL
            WHERE id = ? AND lease_owner = ? AND state = 'queued'""";

    /** Where jobs are; the ids are bound as one JSON array. */
    static final String LOCATE = """
            SELECT id, state, attempts, last_error FROM webhook_jobs
            WHERE id IN (SELECT value FROM json_each(?))""";

    /** now, error, id, owner. */
    static final String DEAD = """
            UPDATE webhook_jobs
            SET state = 'dead', attempts = attempts + 1, dead_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL,
                dead_seq = (SELECT COALESCE(MAX(dead_seq), 0) + 1 FROM webhook_jobs WHERE state = 'dead')
            WHERE id = ? AND lease_owner = ? AND state = 'queued'""";

    /** limit. Oldest dead first. */
    static final String DEAD_LETTERS = """
            SELECT id, app, url, body, created, attempts, last_error, dead_at FROM webhook_jobs
            WHERE state = 'dead' ORDER BY dead_seq LIMIT ?""";

    /** A replayed job starts a new retry window: created becomes now (?1). */
    private static final String REPLAY = """
            UPDATE webhook_jobs
            SET state = 'queued', lane = 'first', attempts = 0, created = ?1, due_at = ?1, last_error = NULL, dead_seq = NULL, dead_at = NULL
            WHERE state = 'dead'""";

    /** now. */
    static final String REPLAY_ALL = REPLAY;

    /** now, id. */
    static final String REPLAY_ONE = REPLAY + " AND id = ?2";

    /** now (as ?1). A job whose lease ran out counts as ready. */
    static final String STATS = """
            SELECT
              COALESCE(SUM(state = 'queued' AND due_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)), 0) AS ready,
              COALESCE(SUM(state = 'queued' AND due_at > ?1 AND (lease_until IS NULL OR lease_until <= ?1)), 0) AS delayed,
              COALESCE(SUM(state = 'queued' AND lease_until > ?1), 0) AS in_flight,
              COALESCE(SUM(state = 'dead'), 0) AS dead,
              MIN(CASE WHEN state = 'queued' AND due_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1) THEN due_at END) AS oldest_due
            FROM webhook_jobs""";

    static String lane(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }

    static void create(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String sql : CREATE) {
                statement.execute(sql);
            }
            if (!hasColumn(db, "cancel_key")) {
                statement.execute(ADD_CANCEL_KEY);
            }
            statement.execute(CANCEL_KEY_INDEX);
        }
    }

    private static boolean hasColumn(Connection db, String column) throws SQLException {
        try (Statement statement = db.createStatement();
                java.sql.ResultSet columns = statement.executeQuery("PRAGMA table_info(webhook_jobs)")) {
            while (columns.next()) {
                if (column.equals(columns.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }
}
