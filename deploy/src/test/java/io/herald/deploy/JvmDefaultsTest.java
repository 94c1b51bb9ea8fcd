package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options a node gets with no flags, from the repository's {@code ./herald} launcher and
 * from the image's entrypoint: both choose the same memory settings (docs/performance.md measures
 * them), and a collector or option named in HERALD_JAVA_OPTS wins. Each script runs against a
 * stand-in {@code java} that writes down its arguments and environment, so no JVM starts.
 */
class JvmDefaultsTest {

    /** The collector and heap shape of a node on a small heap, in the order both scripts pass them. */
    private static final List<String> SMALL_HEAP_MEMORY = List.of("-XX:+UseSerialGC", "-Xmn12m", "-XX:SurvivorRatio=4",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
    /** What every node gets, whatever its collector. */
    private static final List<String> ALWAYS = List.of("-Xms32m", "-XX:+UseCompactObjectHeaders",
            "-XX:TrimNativeHeapInterval=5000", "MALLOC_ARENA_MAX=2");

    @TempDir
    Path root;

    private Path jdk;
    private Path recorded;

    @BeforeEach
    void standInJdk() throws IOException {
        jdk = root.resolve("jdk");
        recorded = root.resolve("java-invocation.txt");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, """
                #!/bin/sh
                for arg in "$@"; do printf '%s\\n' "$arg"; done > "$RECORDED_INVOCATION"
                printf 'MALLOC_ARENA_MAX=%s\\n' "${MALLOC_ARENA_MAX:-}" >> "$RECORDED_INVOCATION"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void launcherChoosesTheSmallHeapMemorySettings() throws Exception {
        List<String> invocation = launcher(Map.of(), "version");

        assertThat(invocation).containsSubsequence(SMALL_HEAP_MEMORY);
        assertThat(invocation).containsAll(ALWAYS);
        assertThat(invocation).endsWith("version", "MALLOC_ARENA_MAX=2");
    }

    @Test
    void entrypointChoosesTheLaunchersMemorySettingsWithoutALargeLimit() throws Exception {
        assumeTrue(containerLimitBytes() <= 1L << 30, "this machine's cgroup sets a memory limit above 1 GiB");

        List<String> invocation = entrypoint(Map.of(), "version");

        assertThat(invocation).containsSubsequence(SMALL_HEAP_MEMORY);
        assertThat(invocation).containsAll(ALWAYS);
        List<String> launcherMemory = launcher(Map.of(), "version").stream()
                .filter(arg -> arg.startsWith("-X") || arg.startsWith("MALLOC_")).toList();
        assertThat(invocation).containsAll(launcherMemory);
    }

    @Test
    void aCollectorInHeraldJavaOptsReplacesTheSerialOne() throws Exception {
        Map<String, String> zgc = Map.of("HERALD_JAVA_OPTS", "-XX:+UseZGC -XX:TrimNativeHeapInterval=0");

        for (List<String> invocation : List.of(launcher(zgc, "version"), entrypoint(zgc, "version"))) {
            assertThat(invocation).doesNotContain("-XX:+UseSerialGC").contains("-XX:+UseZGC");
            // The user's options come after the defaults, so the JVM takes theirs.
            assertThat(invocation.lastIndexOf("-XX:TrimNativeHeapInterval=0"))
                    .isGreaterThan(invocation.indexOf("-XX:TrimNativeHeapInterval=5000"));
        }
    }

    /** The repository's launcher, copied beside a stand-in server jar so that it neither builds nor records a cache. */
    private List<String> launcher(Map<String, String> environment, String... args) throws Exception {
        Path home = root.resolve("checkout");
        Files.createDirectories(home.resolve("server/target"));
        Files.copy(DeployFiles.repositoryDir().resolve("herald"), home.resolve("herald"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(home.resolve("server/target/herald.jar"))) {
            Files.writeString(home.resolve("server/target/herald.jar"), "");
        }
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("herald").toString()));
        command.addAll(List.of(args));
        return run(command, environment);
    }

    /** The image's entrypoint, finding the stand-in java on PATH as the image's finds its JRE's. */
    private List<String> entrypoint(Map<String, String> environment, String... args) throws Exception {
        Path bin = root.resolve("opt/herald/bin");
        Files.createDirectories(bin);
        Files.copy(DeployFiles.deployDir().resolve("docker/herald"), bin.resolve("herald"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("sh", bin.resolve("herald").toString()));
        command.addAll(List.of(args));
        return run(command, environment);
    }

    private List<String> run(List<String> command, Map<String, String> environment) throws Exception {
        Files.deleteIfExists(recorded);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_") || name.equals("MALLOC_ARENA_MAX"));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("PATH", jdk.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().put("RECORDED_INVOCATION", recorded.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readAllLines(recorded);
    }

    /** The memory limit the entrypoint will read (cgroup v2, then v1), or 0 for none. */
    private static long containerLimitBytes() throws IOException {
        for (String file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            Path path = Path.of(file);
            if (Files.isReadable(path)) {
                String limit = Files.readString(path).trim();
                return limit.matches("[0-9]+") && limit.length() < 16 ? Long.parseLong(limit) : 0;
            }
        }
        return 0;
    }
}
