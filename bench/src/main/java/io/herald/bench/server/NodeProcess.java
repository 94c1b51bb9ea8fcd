package io.herald.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a result must say about the node it measured: the JVM flags it was started with (read from
 * the running process, not from what a script meant to pass) and the commit of the source tree its
 * jar was built in.
 *
 * @param jvmFlags the options between the java binary and {@code -jar} (or the main class)
 * @param jar the {@code -jar} argument, or null
 * @param commit {@code git rev-parse HEAD} of the jar's directory, with {@code -dirty} when tracked
 *     files differ from it; null when the jar is not inside a git work tree
 */
public record NodeProcess(List<String> jvmFlags, String jar, String commit) {

    /** Reads /proc/PID/cmdline; null when the process cannot be read. */
    public static NodeProcess of(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            NodeProcess parsed = parseCmdline(new String(raw, StandardCharsets.UTF_8));
            return new NodeProcess(parsed.jvmFlags, parsed.jar, parsed.jar == null ? null : commitOf(Path.of(parsed.jar)));
        } catch (IOException e) {
            return null;
        }
    }

    /** Splits a NUL-separated command line into the JVM flags and the jar; the commit is left null. */
    public static NodeProcess parseCmdline(String cmdline) {
        String[] args = cmdline.split("\0");
        List<String> flags = new ArrayList<>();
        String jar = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-jar")) {
                jar = i + 1 < args.length ? args[i + 1] : null;
                break;
            }
            if (!arg.startsWith("-")) {
                break;
            }
            flags.add(arg);
            if ((arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) && i + 1 < args.length) {
                flags.add(args[++i]);
            }
        }
        return new NodeProcess(List.copyOf(flags), jar, null);
    }

    private static String commitOf(Path jar) {
        Path dir = jar.toAbsolutePath().getParent();
        if (dir == null) {
            return null;
        }
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null || head.isEmpty()) {
            return null;
        }
        String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
