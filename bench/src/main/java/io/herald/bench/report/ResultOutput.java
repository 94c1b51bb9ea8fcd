package io.herald.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a result as indented JSON, without null fields, to stdout and, when asked, to a file. */
public final class ResultOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private ResultOutput() {}

    public static String toJson(BenchResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
    }

    public static void write(BenchResult result, PrintStream out, Path file) throws IOException {
        String json = toJson(result);
        out.println(json);
        out.flush();
        if (file != null) {
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        }
    }
}
