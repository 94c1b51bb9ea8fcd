package io.herald.sql;

import io.herald.config.AppStoreConfig;

/** What differs between the databases: the driver, how a column named like a keyword is quoted, timeouts. */
enum SqlDialect {
    POSTGRES("org.postgresql.Driver", '"', "socketTimeout", 30),
    // The MariaDB driver serves MySQL 8 and MariaDB alike.
    MYSQL("org.mariadb.jdbc.Driver", '`', "socketTimeout", 30_000);

    private final String driverClass;
    private final char quote;
    private final String socketTimeoutProperty;
    private final int socketTimeout;

    SqlDialect(String driverClass, char quote, String socketTimeoutProperty, int socketTimeout) {
        this.driverClass = driverClass;
        this.quote = quote;
        this.socketTimeoutProperty = socketTimeoutProperty;
        this.socketTimeout = socketTimeout;
    }

    static SqlDialect of(AppStoreConfig.Driver driver) {
        return switch (driver) {
            case POSTGRES -> POSTGRES;
            case MYSQL -> MYSQL;
            case STATIC -> throw new IllegalArgumentException("the static app store has no database");
        };
    }

    String driverClass() {
        return driverClass;
    }

    /** A column name quoted, for soketi's columns that are keywords ({@code key}). */
    String column(String name) {
        return quote + name + quote;
    }

    /** The JDBC URL the driver takes: jdbc:mysql: URLs go to the MariaDB driver as jdbc:mariadb:. */
    String jdbcUrl(String configured) {
        return this == MYSQL && configured.startsWith("jdbc:mysql:")
                ? "jdbc:mariadb:" + configured.substring("jdbc:mysql:".length())
                : configured;
    }

    /** A read that hangs (a database that stopped answering) fails after this, in the driver's unit. */
    String socketTimeoutProperty() {
        return socketTimeoutProperty;
    }

    String socketTimeout() {
        return Integer.toString(socketTimeout);
    }
}
