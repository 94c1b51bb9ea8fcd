package io.herald.sql;

import io.herald.testkit.base.PostgresServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAppSourceIT extends SqlAppSourceContract {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);

    @Override
    String driver() {
        return "postgres";
    }

    @Override
    String url() {
        return POSTGRES.get().jdbcUrl();
    }

    @Override
    String username() {
        return PostgresServer.USER;
    }

    @Override
    void execute(String... statements) {
        POSTGRES.get().execute(statements);
    }

    @Override
    String[] soketiFixture() {
        return SoketiFixtures.POSTGRES;
    }

    @Override
    String quoted(String column) {
        return "\"" + column + "\"";
    }

    @Override
    String webhooksAsText() {
        return "ALTER TABLE apps ALTER COLUMN webhooks TYPE text";
    }

    @Override
    String enabledColumn() {
        return "enable_stats";
    }

    @Override
    void killDatabase() {
        POSTGRES.get().kill();
    }

    @Override
    void ensureDatabaseRunning() {
        if (!POSTGRES.get().isRunning()) {
            POSTGRES.get().restart();
        }
    }
}
