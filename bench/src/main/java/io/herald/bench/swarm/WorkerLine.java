package io.herald.bench.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One line a worker process prints on stdout: a status every half second, with the latencies
 * recorded since the previous line (HdrHistogram's compressed encoding in base64), then one report.
 * The controlling process writes {@value #STOP} on the worker's stdin to end it; end of input
 * ends it too, so a worker never outlives its parent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerLine(SwarmStatus status, SwarmReport report, String latencyInterval) {

    public static final String STOP = "stop";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static WorkerLine parse(String line) throws JsonProcessingException {
        return JSON.readValue(line, WorkerLine.class);
    }

    public static String specJson(SwarmSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SwarmSpec parseSpec(String json) throws JsonProcessingException {
        return JSON.readValue(json, SwarmSpec.class);
    }
}
