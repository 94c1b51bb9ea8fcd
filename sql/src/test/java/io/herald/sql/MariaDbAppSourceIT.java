package io.herald.sql;

import io.herald.testkit.base.MariaDbServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mysql driver on MariaDB, addressed with a jdbc:mysql: URL as a MySQL user writes it. */
class MariaDbAppSourceIT extends SqlAppSourceContract {

    @RegisterExtension
    static final ServerPerClass<MariaDbServer> MARIADB = new ServerPerClass<>(MariaDbServer::start);

    @Override
    String driver() {
        return "mysql";
    }

    @Override
    String url() {
        return MARIADB.get().mysqlUrl();
    }

    @Override
    String username() {
        return MariaDbServer.USER;
    }

    @Override
    void execute(String... statements) {
        MARIADB.get().execute(statements);
    }

    @Override
    String[] soketiFixture() {
        return SoketiFixtures.MYSQL;
    }

    @Override
    String quoted(String column) {
        return "`" + column + "`";
    }

    @Override
    String webhooksAsText() {
        return "ALTER TABLE apps MODIFY webhooks TEXT";
    }

    @Override
    String enabledColumn() {
        return "enabled";
    }

    @Override
    void killDatabase() {
        MARIADB.get().kill();
    }

    @Override
    void ensureDatabaseRunning() {
        if (!MARIADB.get().isRunning()) {
            MARIADB.get().restart();
        }
    }
}
