/**
 * SQL app stores: soketi's {@code apps} table in PostgreSQL, MySQL 8 or MariaDB, read as it is
 * through a HikariCP pool, and Herald's own table beside it, created by Flyway (docs/apps.md).
 */
package io.herald.sql;
