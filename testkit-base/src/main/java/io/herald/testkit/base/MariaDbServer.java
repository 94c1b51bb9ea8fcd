package io.herald.testkit.base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real MariaDB server (Debian's {@code mariadbd}, its data directory made by
 * {@code mariadb-install-db}) on a free loopback port, with a database {@code herald}; it reads no
 * option file and checks no password. Close it with try-with-resources; it never touches the
 * machine's own MySQL or MariaDB.
 */
public final class MariaDbServer extends ServerProcess {

    public static final String USER = "root";
    public static final String DATABASE = "herald";

    private MariaDbServer() {
        super("mariadbd", "mariadb-server");
    }

    public static MariaDbServer start() {
        return started(new MariaDbServer());
    }

    /** jdbc:mariadb://127.0.0.1:PORT/herald */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The same database under the jdbc:mysql: scheme, as a MySQL user writes it. */
    public String mysqlUrl() {
        return "jdbc:mysql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Runs SQL statements in database {@code herald}, one after the other. */
    public void execute(String... statements) {
        executeSql(jdbcUrl(), USER, statements);
    }

    private static Path datadir(Path dataDir) {
        return dataDir.resolve("db");
    }

    @Override
    boolean prepared(Path dataDir) {
        return Files.isDirectory(datadir(dataDir).resolve("mysql"));
    }

    @Override
    void prepare(Path dataDir) {
        run(List.of(sibling("mariadb-install-db").toString(), "--no-defaults", "--datadir=" + datadir(dataDir),
                "--user=" + System.getProperty("user.name"), "--auth-root-authentication-method=normal",
                "--skip-test-db"), log());
    }

    @Override
    List<String> command(int port, Path dataDir) {
        return List.of(executable().toString(),
                "--no-defaults",
                "--datadir=" + datadir(dataDir),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dataDir.resolve("mariadb.sock"),
                "--pid-file=" + dataDir.resolve("mariadb.pid"),
                "--user=" + System.getProperty("user.name"),
                "--skip-grant-tables",
                "--skip-name-resolve",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-buffer-pool-size=32M",
                "--max-connections=200");
    }

    /** Answers once it takes a query; the first answer creates the database {@code herald}. */
    @Override
    boolean answers(int port) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=2000", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
