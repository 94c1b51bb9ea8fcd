package io.herald.deploy;

import static io.herald.deploy.EntrypointProcess.LISTENING;
import static io.herald.deploy.EntrypointProcess.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entrypoint as the chart runs it: as user and group 10001, with the root filesystem
 * read-only and only the image's tmp and working directory writable (the chart's emptyDir
 * volumes). A private mount namespace ({@code unshare -m}) makes / read-only for this process
 * alone and {@code setpriv} drops to the user, so it needs root and util-linux; elsewhere it is
 * skipped. A node that could not unpack Netty's or SQLite's native library, or wrote anywhere
 * else, would fail here or fall back from epoll.
 */
class ReadOnlyRootIT {

    private static final String USER = "10001";

    /** Mounts for the process alone, then becomes the image's user: arguments are the root and the command. */
    private static final String SANDBOX = """
            set -e
            root="$1"; shift
            mount --make-rprivate /
            mount --bind "$root/tmp" "$root/tmp"
            mount --bind "$root/var/lib/herald" "$root/var/lib/herald"
            mount -o remount,bind,ro /
            if touch /.herald-write-probe 2>/dev/null; then echo "the root filesystem is still writable" >&2; exit 99; fi
            cd "$root/var/lib/herald"
            exec setpriv --reuid=%1$s --regid=%1$s --clear-groups "$@"
            """.formatted(USER);

    @TempDir
    Path root;

    @BeforeAll
    static void needsRootAndMountNamespaces() throws IOException, InterruptedException {
        assumeTrue(Runtime.version().feature() >= 25, "the entrypoint's JVM options need JDK 25");
        assumeTrue("root".equals(System.getProperty("user.name")), "mount namespaces and setpriv need root");
        Process probe = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0, "unshare -m is not allowed here");
        assumeTrue(readableByAnyone(EntrypointProcess.javaBin().resolve("java")), "the JDK must be readable by user " + USER);
    }

    @Test
    void servesAsANonRootUserWithOnlyTmpAndTheWorkingDirectoryWritable() throws Exception {
        ImageLayout image = ImageLayout.install(root);
        RenderedChart chart = HelmChart.shared().render("""
                apps:
                  list:
                    - {id: "1", key: chat-key, secret: a-long-random-secret, webhooks: [{url: "http://127.0.0.1:9/hooks"}]}
                """);
        HeraldContainerConfig config = HeraldContainerConfig.of(chart, "herald-gateway", Map.of(), image.configDir());
        image.openToOtherUsers();
        Files.setAttribute(image.workingDir(), "unix:uid", Integer.parseInt(USER));
        Files.setAttribute(image.workingDir(), "unix:gid", Integer.parseInt(USER));

        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", SANDBOX, "sandbox", root.toString(), "env",
                "TMPDIR=" + image.tmp(), "HOME=/nonexistent", "sh", image.entrypoint().toString(),
                "start", "--config", config.configFile().toString(), "--port", "0", "--metrics-port", "0"));
        try (EntrypointProcess node = EntrypointProcess.start(command, config.environment(), root)) {
            Matcher listening = node.awaitLine(LISTENING);

            assertThat(listening.group(2)).as("transport").isEqualTo("epoll");
            assertThat(get(Integer.parseInt(listening.group(3)), "/ready")).isEqualTo(200);
            // Every exec replaced the one before: the process started is the JVM, running as the image's user.
            assertThat(Files.readAllLines(Path.of("/proc", String.valueOf(node.pid()), "status")))
                    .filteredOn(line -> line.startsWith("Uid:")).singleElement().asString().matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001");
            // The SQLite webhook queue went to ./data in the working directory.
            assertThat(image.workingDir().resolve("data")).isDirectory();
            assertThat(node.terminate()).as(String.join("\n", node.output())).isZero();
        }
    }

    private static boolean readableByAnyone(Path file) throws IOException {
        Path real = file.toRealPath();
        for (Path path = real; path != null; path = path.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            boolean needed = permissions.contains(Files.isDirectory(path) ? PosixFilePermission.OTHERS_EXECUTE : PosixFilePermission.OTHERS_READ);
            if (!needed) {
                return false;
            }
        }
        return true;
    }
}
