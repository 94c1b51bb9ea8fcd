package io.herald.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart in {@code deploy/helm/herald}, linted and rendered by real Helm: helm-java embeds
 * Helm's own library, so no helm binary and no cluster are needed.
 *
 * <p>Helm refuses to render a chart whose declared dependencies (the optional redis and nats
 * charts) are missing from {@code charts/}, even when their condition is false, and they cannot be
 * downloaded here. So the chart is rendered from a copy under {@code target/} whose {@code charts/}
 * holds an empty chart of each dependency's name and version: Helm's dependency check passes,
 * and the dependency itself renders nothing. The chart's own templates are the real ones.
 */
final class HelmChart {

    /** The release name; with it the objects are called herald, herald-gateway, herald-sender... */
    static final String RELEASE = "herald";
    static final String NAMESPACE = "realtime";

    private static HelmChart shared;

    private final Path source;
    private final Path copy;

    private HelmChart(Path source, Path copy) {
        this.source = source;
        this.copy = copy;
    }

    /** The chart, copied once per test run. */
    static synchronized HelmChart shared() {
        if (shared == null) {
            Path deployDir = DeployFiles.deployDir();
            shared = new HelmChart(deployDir.resolve("helm/herald"), deployDir.resolve("target/chart-under-test/herald"));
            shared.copyWithEmptyDependencies();
        }
        return shared;
    }

    /** The chart's own directory in the repository. */
    Path source() {
        return source;
    }

    /** {@code helm lint --strict} with the chart's default values. */
    LintResult lint() {
        return new Helm(copy).lint().strict().call();
    }

    /** {@code helm template} with these values files, in order, then the inline YAML documents. */
    RenderedChart render(List<Path> valuesFiles, String... inlineValues) {
        TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        for (Path file : inlineFiles(inlineValues)) {
            template = template.withValuesFile(file);
        }
        return RenderedChart.parse(template.call());
    }

    /** Renders with the default values plus the inline YAML documents. */
    RenderedChart render(String... inlineValues) {
        return render(List.of(), inlineValues);
    }

    /** An example values file from {@code examples/}. */
    Path example(String name) {
        return source.resolve("examples").resolve(name);
    }

    private List<Path> inlineFiles(String... inlineValues) {
        List<Path> files = new ArrayList<>();
        try {
            for (String yaml : inlineValues) {
                Path file = Files.createTempFile(copy.getParent(), "values-", ".yaml");
                Files.writeString(file, yaml);
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private void copyWithEmptyDependencies() {
        try {
            deleteRecursively(copy.getParent());
            copyRecursively(source, copy);
            for (Map<String, Object> dependency : declaredDependencies()) {
                String version = String.valueOf(dependency.get("version")).replace('x', '0');
                writeEmptyChart(String.valueOf(dependency.get("name")), version);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> declaredDependencies() throws IOException {
        Map<String, Object> chart = Yaml.MAPPER.readValue(source.resolve("Chart.yaml").toFile(), Map.class);
        return (List<Map<String, Object>>) chart.getOrDefault("dependencies", List.of());
    }

    private void writeEmptyChart(String name, String version) throws IOException {
        Path chart = Files.createDirectories(copy.resolve("charts").resolve(name));
        Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n");
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
