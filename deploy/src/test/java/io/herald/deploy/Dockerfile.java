package io.herald.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read into its stages and instructions, enough to check what an image will be
 * without building it: comments and parser directives dropped, continuation lines joined,
 * exec-form arguments ({@code ["a", "b"]}) read as JSON, and each stage's base image resolved
 * with the defaults of the ARGs declared before the first FROM.
 */
record Dockerfile(Map<String, String> globalArguments, List<Stage> stages) {

    record Instruction(String keyword, String arguments) {

        /** The arguments of an exec-form instruction (ENTRYPOINT, CMD, ...) as a list. */
        List<String> execForm() {
            if (!arguments.startsWith("[")) {
                throw new AssertionError(keyword + " is in shell form, not exec form: " + arguments);
            }
            try {
                return Arrays.asList(Yaml.MODEL.readValue(arguments, String[].class));
            } catch (JsonProcessingException e) {
                throw new AssertionError(keyword + " arguments are not a JSON array: " + arguments, e);
            }
        }

        /** The words of the arguments, split on blanks. */
        List<String> words() {
            return List.of(arguments.trim().split("\\s+"));
        }
    }

    /** One FROM (its image with the global ARG defaults filled in) and what follows it. */
    record Stage(String from, Optional<String> name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
        }

        /** The last instruction with that keyword: the one in force for ENTRYPOINT, CMD, USER... */
        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        }
    }

    static Dockerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String joined = pending.toString().strip();
            pending.setLength(0);
            if (!joined.isEmpty()) {
                String[] parts = joined.split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
            }
        }
        return build(instructions);
    }

    private static Dockerfile build(List<Instruction> instructions) {
        Map<String, String> globalArguments = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.words();
                Optional<String> name = words.size() == 3 && words.get(1).equalsIgnoreCase("AS")
                        ? Optional.of(words.get(2)) : Optional.empty();
                current = new ArrayList<>();
                stages.add(new Stage(substitute(words.getFirst(), globalArguments), name, current));
            } else if (current != null) {
                current.add(instruction);
            } else if (instruction.keyword().equals("ARG")) {
                String[] declaration = instruction.arguments().split("=", 2);
                globalArguments.put(declaration[0], declaration.length > 1 ? declaration[1] : "");
            }
        }
        return new Dockerfile(Map.copyOf(globalArguments), stages.stream()
                .map(stage -> new Stage(stage.from(), stage.name(), List.copyOf(stage.instructions()))).toList());
    }

    private static String substitute(String text, Map<String, String> arguments) {
        String result = text;
        for (Map.Entry<String, String> argument : arguments.entrySet()) {
            result = result.replace("${" + argument.getKey() + "}", argument.getValue()).replace("$" + argument.getKey(), argument.getValue());
        }
        return result;
    }

    /** The stage that makes the image. */
    Stage last() {
        return stages.getLast();
    }

    Stage stage(String name) {
        return stages.stream().filter(stage -> stage.name().equals(Optional.of(name))).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }
}
