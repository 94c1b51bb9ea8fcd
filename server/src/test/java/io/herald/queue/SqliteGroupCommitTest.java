package io.herald.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that wait for the connection are committed together; one that fails fails alone. */
class SqliteGroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void writesQueuedWhileTheConnectionIsBusyShareOneTransactionAndAFailureStaysAlone() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("group.db"));
                ExecutorService writers = Executors.newFixedThreadPool(3)) {
            try (Statement create = db.createStatement()) {
                create.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)");
            }
            ReentrantLock lock = new ReentrantLock(true);
            SqliteGroupCommit commits = new SqliteGroupCommit(db, lock);
            List<Boolean> inTransaction = new ArrayList<>();
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            lock.lock();
            try {
                for (String sql : List.of("INSERT INTO t VALUES (1)", "INSERT INTO missing VALUES (2)", "INSERT INTO t VALUES (3)")) {
                    writes.add(CompletableFuture.supplyAsync(() -> write(commits, db, sql, inTransaction), writers));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> lock.getQueueLength() == 3);
            } finally {
                lock.unlock();
            }
            assertThat(writes.get(0).join()).isEqualTo(1);
            assertThat(writes.get(2).join()).isEqualTo(1);
            assertThat(writes.get(1)).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                    .isInstanceOf(SQLException.class);
            assertThat(inTransaction).containsOnly(true);
            try (Statement select = db.createStatement(); ResultSet rows = select.executeQuery("SELECT v FROM t ORDER BY v")) {
                List<Integer> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getInt(1));
                }
                assertThat(values).containsExactly(1, 3);
            }
        }
    }

    private static int write(SqliteGroupCommit commits, Connection db, String sql, List<Boolean> inTransaction) {
        try {
            return commits.run(() -> {
                synchronized (inTransaction) {
                    inTransaction.add(!db.getAutoCommit());
                }
                try (Statement statement = db.createStatement()) {
                    return statement.executeUpdate(sql);
                }
            });
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }
}
