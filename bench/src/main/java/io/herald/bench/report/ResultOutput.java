package io.herald.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a result as indented JSON, without null fields, to stdout and, when asked, to a file;
 * beside that file, the result's {@link HtmlReport} ({@code run.json} gets {@code run.html}).
 */
public final class ResultOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ResultOutput() {}

    public static String toJson(BenchResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
    }

    /** Reads a result written by {@link #write}; fields it does not know (from a newer bench) are ignored. */
    public static BenchResult read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), BenchResult.class);
    }

    public static void write(BenchResult result, PrintStream out, Path file) throws IOException {
        String json = toJson(result);
        out.println(json);
        out.flush();
        if (file != null) {
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
            writeHtml(result, htmlBeside(file));
        }
    }

    public static void writeHtml(BenchResult result, Path file) throws IOException {
        Files.writeString(file, HtmlReport.render(result), StandardCharsets.UTF_8);
    }

    /** {@code dir/run.json} → {@code dir/run.html}; any other name gets {@code .html} appended. */
    public static Path htmlBeside(Path json) {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return json.resolveSibling(base + ".html");
    }
}
