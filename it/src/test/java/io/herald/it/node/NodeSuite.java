package io.herald.it.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Node project of {@code node --test} files (such as it/src/test/node): installs its npm
 * dependencies when needed and runs it, echoing the output to the test log.
 *
 * @param directory the project: package.json, package-lock.json and the test files
 * @param reportDirectory where the runner's JUnit XML report is written
 */
public record NodeSuite(NodeToolchain toolchain, Path directory, Path reportDirectory) {

    /** One run: the runner's exit code, its output and the outcome of every test. */
    public record Run(int exitCode, String outputTail, NodeTestReport report) {}

    /**
     * Runs {@code npm ci} when node_modules is missing or older than package-lock.json, so that
     * repeated runs cost nothing and a changed lock file is always honoured.
     */
    public void installDependencies(Duration timeout) {
        if (!dependenciesOutdated()) {
            System.out.println("[npm] node_modules is up to date with package-lock.json; npm ci not needed");
            return;
        }
        List<String> command = List.of(toolchain.npm().toString(), "ci", "--no-audit", "--no-fund");
        LoggedProcess.Result result = LoggedProcess.run(command, directory, Map.of(), timeout);
        if (result.exitCode() != 0) {
            throw new AssertionError("npm ci failed with exit code " + result.exitCode() + " in " + directory
                    + ":\n" + result.tail());
        }
    }

    /** Runs every test file the runner finds by its names ({@code *.test.js}) and reads the runner's report. */
    public Run run(Map<String, String> environment, Duration timeout) {
        return run(environment, timeout, List.of());
    }

    /** Runs the given files (paths in the project), or every test file when none is given. */
    public Run run(Map<String, String> environment, Duration timeout, List<String> files) {
        Path report = reportDirectory.resolve("node-test-junit.xml");
        prepare(report);
        List<String> command = new ArrayList<>(List.of(toolchain.node().toString(), "--test",
                "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=junit", "--test-reporter-destination=" + report));
        command.addAll(files);
        LoggedProcess.Result result = LoggedProcess.run(command, directory, environment, timeout);
        if (!Files.isRegularFile(report)) {
            throw new AssertionError("node --test exited with " + result.exitCode() + " and wrote no report to "
                    + report + ". Its output:\n" + result.tail());
        }
        return new Run(result.exitCode(), result.tail(), NodeTestReport.read(report));
    }

    private boolean dependenciesOutdated() {
        // npm writes node_modules/.package-lock.json at the end of every install.
        Path installed = directory.resolve("node_modules").resolve(".package-lock.json");
        try {
            return !Files.exists(installed)
                    || Files.getLastModifiedTime(directory.resolve("package-lock.json"))
                            .compareTo(Files.getLastModifiedTime(installed)) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void prepare(Path report) {
        try {
            Files.createDirectories(report.getParent());
            Files.deleteIfExists(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
