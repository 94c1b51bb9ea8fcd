package io.herald.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.base.WebhookQueueContract;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWebhookQueueTest extends WebhookQueueContract {

    @TempDir
    Path tmp;

    private Path dataDir;

    @Override
    protected WebhookQueue newQueue() {
        dataDir = tmp.resolve("data").resolve("node-" + System.nanoTime());
        return new SqliteWebhookQueue(dataDir);
    }

    @Override
    protected WebhookQueue reopen() {
        return new SqliteWebhookQueue(dataDir);
    }

    @Test
    void createsItsDataDirectoryAndOneFileInWalMode() throws Exception {
        assertThat(dataDir.resolve(SqliteWebhookQueue.FILE_NAME)).isRegularFile();
        queue.enqueue(List.of(job("w")));
        assertThat(dataDir.resolve(SqliteWebhookQueue.FILE_NAME + "-wal")).exists();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteWebhookQueue.FILE_NAME));
             var rows = db.createStatement().executeQuery("PRAGMA journal_mode")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void operationsOnAClosedQueueThrowWebhookQueueException() {
        queue.close();

        assertThatThrownBy(() -> queue.enqueue(List.of(job("late")))).isInstanceOf(WebhookQueueException.class);
    }

    @Test
    void aQueueOnTheSameFileStaysUsableWhenAnotherCloses() {
        WebhookQueue second = track(reopen());
        queue.enqueue(List.of(job("shared")));

        queue.close();

        assertThat(ids(second.lease(WebhookQueue.Lane.FIRST, 10, LONG_LEASE))).containsExactly("shared");
        assertThatThrownBy(() -> queue.stats()).isInstanceOf(WebhookQueueException.class).hasMessageContaining("closed");
    }

    @Test
    void anUnusableDataDirectoryIsReportedWithItsPath() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");

        assertThatThrownBy(() -> new SqliteWebhookQueue(notADirectory))
                .isInstanceOf(WebhookQueueException.class)
                .hasMessageContaining(notADirectory.toString());
    }
}
