package io.herald.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.herald.bench.flood.ControlFloodRun;
import io.herald.bench.flood.FloodFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "control-flood", mixinStandardHelpOptions = true,
        description = "One client sends WebSocket ping (or pong) frames as fast as the server takes them and never "
                + "reads; reports how the connection ended and, with --server-pid, the server's RSS before, at its "
                + "peak, when the flood ended and after the close.")
final class ControlFloodCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:6001", description = "Node's WebSocket base. Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--key", defaultValue = "app-key", description = "App key. Default: ${DEFAULT-VALUE}")
    String key;

    @Option(names = "--frame", defaultValue = "ping", description = "ping or pong. Default: ${DEFAULT-VALUE}")
    String frame;

    @Option(names = "--count", defaultValue = "1000000", description = "Frames to send. Default: ${DEFAULT-VALUE}")
    long count;

    @Option(names = "--size", defaultValue = "125", description = "Payload bytes per frame, 0 to 125. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--receive-buffer", defaultValue = "4096",
            description = "The client's socket receive buffer in bytes (0: system default); small, so the server's answers back up. Default: ${DEFAULT-VALUE}")
    int receiveBuffer;

    @Option(names = "--frames-per-write", defaultValue = "256",
            description = "Frames handed to the socket in one write call; 1 sends each frame in its own segment. Default: ${DEFAULT-VALUE}")
    int framesPerWrite;

    @Option(names = "--stall-timeout", defaultValue = "15",
            description = "Seconds without a frame taken, the connection still open, after which the server counts as stalled. Default: ${DEFAULT-VALUE}")
    long stallSeconds;

    @Option(names = "--settle", defaultValue = "5", description = "Seconds after the close before the last RSS reading. Default: ${DEFAULT-VALUE}")
    long settleSeconds;

    @Option(names = "--server-pid", description = "PID of the server process, to read its VmRSS from /proc.")
    Long serverPid;

    @Option(names = "--out", description = "Also write the JSON result to this file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        FloodFrame kind = FloodFrame.parse(frame);
        URI socketUrl = URI.create(url.toString().replaceAll("/+$", "") + "/app/" + key
                + "?protocol=7&client=herald-bench&version=" + BenchCommand.VERSION);
        Map<String, Object> result = new ControlFloodRun(socketUrl, kind, size, count, receiveBuffer, framesPerWrite,
                Duration.ofSeconds(stallSeconds), Duration.ofSeconds(settleSeconds), serverPid, System.err).call();
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(json);
        if (out != null) {
            Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }
}
