package io.herald.testkit.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgres}, initialised by its {@code initdb}) on a free
 * loopback port, trusting every local connection of user {@code herald} to database
 * {@code postgres}; no Unix socket, fsync off. PostgreSQL refuses to run as root, so under root it
 * runs as the {@code postgres} user. Close it with try-with-resources; it never touches the
 * machine's own PostgreSQL.
 */
public final class PostgresServer extends ServerProcess {

    public static final String USER = "herald";
    private static final String OS_USER = "postgres";

    private PostgresServer() {
        super("postgres", "postgresql");
    }

    public static PostgresServer start() {
        return started(new PostgresServer());
    }

    /** jdbc:postgresql://127.0.0.1:PORT/postgres */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    /** Runs SQL statements, one after the other, as {@link #USER}. */
    public void execute(String... statements) {
        executeSql(jdbcUrl(), USER, statements);
    }

    private Path pgdata(Path dataDir) {
        return dataDir.resolve("pg");
    }

    @Override
    boolean prepared(Path dataDir) {
        return Files.exists(pgdata(dataDir).resolve("PG_VERSION"));
    }

    @Override
    void prepare(Path dataDir) {
        if (isRoot()) {
            handOver(dataDir);
        }
        run(asServerUser(List.of(sibling("initdb").toString(), "-D", pgdata(dataDir).toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")), log());
    }

    @Override
    List<String> command(int port, Path dataDir) {
        return asServerUser(List.of(executable().toString(),
                "-D", pgdata(dataDir).toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "fsync=off",
                "-c", "full_page_writes=off",
                "-c", "max_connections=200"));
    }

    @Override
    boolean answers(int port) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2", USER, "")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> switched = new ArrayList<>(List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups"));
        switched.addAll(command);
        return switched;
    }

    /** Under root the server's user must reach and own its directory. */
    private static void handOver(Path dataDir) {
        try {
            UserPrincipalLookupService users = dataDir.getFileSystem().getUserPrincipalLookupService();
            Files.setPosixFilePermissions(dataDir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> paths = Files.walk(dataDir)) {
                for (Path path : paths.toList()) {
                    Files.setOwner(path, users.lookupPrincipalByName(OS_USER));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + dataDir + " to user " + OS_USER, e);
        }
    }
}
