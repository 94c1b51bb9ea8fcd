package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes YAML files and loads them with an explicit environment and overrides. */
final class ConfigFixture {

    private final Path dir;
    private Path file;
    private Map<String, String> environment = Map.of();
    private List<String> overrides = List.of();

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    ConfigFixture file(String yaml) {
        try {
            file = Files.writeString(dir.resolve("herald.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ConfigFixture environment(Map<String, String> variables) {
        environment = variables;
        return this;
    }

    ConfigFixture set(String... keyValues) {
        overrides = List.of(keyValues);
        return this;
    }

    Path path() {
        return file;
    }

    ConfigSources sources() {
        return new ConfigSources(Optional.ofNullable(file), environment, overrides);
    }

    HeraldConfig load() {
        return new ConfigLoader().load(sources());
    }

    List<String> problems() {
        List<String> checked = new ConfigLoader().check(sources());
        ConfigException thrown = catchThrowableOfType(ConfigException.class, this::load);
        if (checked.isEmpty()) {
            assertThat(thrown).as("load() of a configuration check() accepts").isNull();
        } else {
            assertThat(thrown).as("load() of a configuration with problems").isNotNull();
            assertThat(thrown.problems()).isEqualTo(checked);
        }
        return checked;
    }
}
