package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The image's files under a local directory, as the Dockerfile lays them out: the entrypoint at
 * opt/herald/bin/herald beside opt/herald/herald.jar (the jar built by the server module), and
 * the two writable directories, tmp and var/lib/herald (the working directory).
 */
record ImageLayout(Path root) {

    static ImageLayout install(Path root) {
        Path jar = Path.of(System.getProperty("herald.jar"));
        assertThat(jar).as("the server jar; build it with ./mvnw -pl deploy -am verify").exists();
        try {
            ImageLayout layout = new ImageLayout(root);
            Files.createDirectories(layout.entrypoint().getParent());
            Files.copy(DeployFiles.deployDir().resolve("docker/herald"), layout.entrypoint());
            Files.copy(jar, root.resolve("opt/herald/herald.jar"));
            Files.createDirectories(layout.tmp());
            Files.createDirectories(layout.workingDir());
            Files.createDirectories(layout.configDir());
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path entrypoint() {
        return root.resolve("opt/herald/bin/herald");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path workingDir() {
        return root.resolve("var/lib/herald");
    }

    Path configDir() {
        return root.resolve("etc/herald");
    }

    /** Lets another user read the image's files, as an image's are (temporary directories start private). */
    void openToOtherUsers() {
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            Files.setPosixFilePermissions(tmp(), PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
