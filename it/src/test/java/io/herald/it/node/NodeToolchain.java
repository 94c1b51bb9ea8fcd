package io.herald.it.node;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code node} and {@code npm} executables found on PATH. */
public record NodeToolchain(Path node, Path npm) {

    /** node --test --test-reporter=junit needs a Node.js 20 LTS build from 20.10 on; 18 lacks it. */
    private static final int MINIMUM_MAJOR = 20;
    private static final int MINIMUM_MINOR = 10;
    private static final String MINIMUM = MINIMUM_MAJOR + "." + MINIMUM_MINOR;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.");
    private static final String INSTALL_HINT = "Install Node.js " + MINIMUM + " or newer with npm (Debian 12's own"
            + " nodejs package is 18, too old; the machine image and CI have Node.js 20).";

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
        if (!supported(version)) {
            throw new AssertionError("Node.js " + MINIMUM + " or newer is required for the pusher-js suite in"
                    + " it/src/test/node, but " + node + " is " + version + ". " + INSTALL_HINT);
        }
    }

    static boolean supported(String version) {
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.lookingAt()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > MINIMUM_MAJOR || (major == MINIMUM_MAJOR && minor >= MINIMUM_MINOR);
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
        return new AssertionError("Node.js is not installed: `" + executable + "` was not found on PATH. This test"
                + " runs the pusher-js and pusher (npm) suite in it/src/test/node. " + INSTALL_HINT);
    }
}
