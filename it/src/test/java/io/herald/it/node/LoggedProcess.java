package io.herald.it.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion, echoing its output line by line to the test log. */
final class LoggedProcess {

    /** Lines of output kept for failure messages. */
    private static final int TAIL_LINES = 200;

    private LoggedProcess() {}

    /** The exit code and the output (stdout and stderr merged) of a finished command. */
    record Result(int exitCode, List<String> output) {

        String tail() {
            return String.join("\n", output.subList(Math.max(0, output.size() - TAIL_LINES), output.size()));
        }
    }

    /**
     * Runs the command in directory with the extra environment variables; kills it and every
     * process it started if it has not finished within the timeout.
     */
    static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        String label = "[" + Path.of(command.getFirst()).getFileName() + "] ";
        System.out.println(label + "$ " + String.join(" ", command) + "   (in " + directory + ")");
        Process process = start(builder);
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread echo = Thread.ofPlatform().daemon().name("echo " + label.strip()).start(() -> echo(process, label, output));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                echo.join(Duration.ofSeconds(10));
                throw new AssertionError("`" + String.join(" ", command) + "` did not finish within " + timeout
                        + " and was killed. Its last output:\n" + new Result(-1, List.copyOf(output)).tail());
            }
            echo.join(Duration.ofSeconds(10));
            return new Result(process.exitValue(), List.copyOf(output));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
    }

    /** The output of a quick command that must succeed, such as {@code node --version}. */
    static String output(String... command) {
        Result result = run(List.of(command), Path.of("."), Map.of(), Duration.ofSeconds(30));
        if (result.exitCode() != 0) {
            throw new AssertionError("`" + String.join(" ", command) + "` exited with " + result.exitCode()
                    + ":\n" + result.tail());
        }
        return String.join("\n", result.output());
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    private static void echo(Process process, String label, List<String> output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                System.out.println(label + line);
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e.getMessage() + ")");
        }
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
