package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes the configuration loader: any file, environment or {@code --set} flag gives a list of
 * problems in the configuration's own terms, never an exception, and {@code config check} and
 * {@code start} agree on it.
 */
class ConfigLoaderFuzzTest {

    private static final Path FILE = tempFile();

    /** The input is the YAML file's bytes. */
    @FuzzTest
    void readsAnyFile(byte[] input) throws IOException {
        Files.write(FILE, input);
        checkAgreesWithLoad(new ConfigSources(Optional.of(FILE), Map.of(), List.of()));
    }

    /**
     * The input is UTF-8 lines: {@code NAME=value} lines are environment variables, lines starting
     * with {@code --set } are flags.
     */
    @FuzzTest
    void readsAnyEnvironmentAndFlags(byte[] input) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> overrides = new ArrayList<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("--set ")) {
                overrides.add(line.substring("--set ".length()));
            } else {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    environment.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        checkAgreesWithLoad(new ConfigSources(Optional.empty(), environment, overrides));
    }

    private static void checkAgreesWithLoad(ConfigSources sources) {
        ConfigLoader loader = new ConfigLoader();
        List<String> problems = loader.check(sources);
        if (problems.isEmpty()) {
            assertThatCode(() -> loader.load(sources)).doesNotThrowAnyException();
        } else {
            assertThat(problems).allSatisfy(problem -> assertThat(problem).isNotBlank());
            ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(sources));
            assertThat(refused).isNotNull();
            assertThat(refused.problems()).isEqualTo(problems);
        }
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("herald-config-fuzz", ".yaml");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
