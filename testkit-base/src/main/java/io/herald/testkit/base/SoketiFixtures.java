package io.herald.testkit.base;

/**
 * soketi's apps table and its test row, as soketi's own fixtures create them for each database:
 * the PostgreSQL one has enable_stats and no enabled column, the MySQL one has enabled.
 */
public final class SoketiFixtures {

    public static final String[] POSTGRES = {
        """
        CREATE TABLE IF NOT EXISTS apps (
            id varchar(255) PRIMARY KEY,
            "key" varchar(255) NOT NULL,
            secret varchar(255) NOT NULL,
            max_connections integer NOT NULL,
            enable_stats smallint NOT NULL,
            enable_client_messages smallint NOT NULL,
            max_backend_events_per_sec integer NOT NULL,
            max_client_events_per_sec integer NOT NULL,
            max_read_req_per_sec integer NOT NULL,
            webhooks json
        )""",
        """
        INSERT INTO apps (id, "key", secret, max_connections, enable_stats, enable_client_messages,
            max_backend_events_per_sec, max_client_events_per_sec, max_read_req_per_sec, webhooks)
        VALUES ('app-id', 'app-key', 'app-secret', 200, 1, 1, -1, -1, -1, '[]')"""
    };

    public static final String[] MYSQL = {
        """
        CREATE TABLE IF NOT EXISTS `apps` (
            `id` varchar(255) NOT NULL,
            `key` varchar(255) NOT NULL,
            `secret` varchar(255) NOT NULL,
            `max_connections` integer(10) NOT NULL,
            `enabled` tinyint(1) NOT NULL,
            `enable_client_messages` tinyint(1) NOT NULL,
            `max_backend_events_per_sec` integer(10) NOT NULL,
            `max_client_events_per_sec` integer(10) NOT NULL,
            `max_read_req_per_sec` integer(10) NOT NULL,
            `webhooks` json,
            PRIMARY KEY (`id`)
        )""",
        """
        INSERT INTO apps (id, `key`, secret, max_connections, `enabled`, enable_client_messages,
            max_backend_events_per_sec, max_client_events_per_sec, max_read_req_per_sec, webhooks)
        VALUES ('app-id', 'app-key', 'app-secret', 200, 1, 1, -1, -1, -1, '[]')"""
    };

    private SoketiFixtures() {}
}
