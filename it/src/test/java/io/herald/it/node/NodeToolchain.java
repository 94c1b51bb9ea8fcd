package io.herald.it.node;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code node} and {@code npm} executables found on PATH. */
public record NodeToolchain(Path node, Path npm) {

    /** node --test with the junit reporter needs Node.js 20. */
    static final int MINIMUM_MAJOR_VERSION = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.");

    /**
     * Finds node and npm on PATH; throws an {@link AssertionError} saying how to get them when
     * either is missing or node is too old, so the suite fails instead of silently not running.
     */
    public static NodeToolchain fromPath() {
        Path node = onPath("node").orElseThrow(() -> missing("node"));
        Path npm = onPath("npm").orElseThrow(() -> missing("npm"));
        NodeToolchain toolchain = new NodeToolchain(node, npm);
        toolchain.requireSupportedVersion();
        return toolchain;
    }

    private void requireSupportedVersion() {
        String version = LoggedProcess.output(node.toString(), "--version").strip();
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.lookingAt() || Integer.parseInt(matcher.group(1)) < MINIMUM_MAJOR_VERSION) {
            throw new AssertionError("Node.js " + MINIMUM_MAJOR_VERSION + " or newer is required for the"
                    + " pusher-js suite in it/src/test/node, but " + node + " is " + version
                    + ". Install a newer Node.js (CI installs it).");
        }
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(Pattern.quote(File.pathSeparator))) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static AssertionError missing(String executable) {
        return new AssertionError("Node.js is not installed: `" + executable + "` was not found on PATH."
                + " This test runs the pusher-js and pusher (npm) suite in it/src/test/node and needs Node.js "
                + MINIMUM_MAJOR_VERSION + " or newer with npm. Install Node.js (on Debian: apt-get install"
                + " nodejs npm); CI installs it.");
    }
}
