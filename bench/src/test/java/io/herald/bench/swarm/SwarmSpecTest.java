package io.herald.bench.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmSpecTest {

    private static SwarmSpec spec(int connections, int channels, List<String> sources) {
        return new SwarmSpec(URI.create("ws://127.0.0.1:6001/app/k"), connections, 0, channels, "bench-", 1000, 100,
                30_000, sources, 2, 600);
    }

    @Test
    void splitsConnectionsOverPartsWithoutGapsOrOverlap() {
        SwarmSpec whole = spec(10, 3, List.of());
        List<Integer> channelOfEach = new ArrayList<>();
        int total = 0;
        for (int part = 0; part < 3; part++) {
            SwarmSpec share = whole.part(part, 3);
            total += share.connections();
            for (int i = 0; i < share.connections(); i++) {
                channelOfEach.add(share.channelIndex(i));
            }
        }

        assertThat(total).isEqualTo(10);
        assertThat(channelOfEach).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        assertThat(whole.part(0, 3).connections()).isEqualTo(4);
        assertThat(whole.part(2, 3).ratePerSecond()).isEqualTo(1000 / 3.0);
    }

    @Test
    void takesSourceAddressesInTurnAcrossParts() {
        SwarmSpec whole = spec(4, 1, List.of("127.0.0.1", "127.0.0.2"));

        assertThat(whole.part(1, 2).sourceAddress(0)).isEqualTo("127.0.0.1");
        assertThat(whole.part(1, 2).sourceAddress(1)).isEqualTo("127.0.0.2");
        assertThat(spec(1, 1, List.of()).sourceAddress(0)).isNull();
    }

    @Test
    void travelsToAWorkerAsJson() throws Exception {
        SwarmSpec original = spec(5, 2, List.of("127.0.0.2"));

        assertThat(WorkerLine.parseSpec(WorkerLine.specJson(original))).isEqualTo(original);
    }
}
