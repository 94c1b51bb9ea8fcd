package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReconnectUrlsOptionTest {

    @Test
    void theNodesToReconnectToReachTheSwarmAsFullWebSocketUrls() {
        FanoutCommand fanout = new FanoutCommand();
        new CommandLine(fanout).parseArgs("--subscribers", "10", "--reconnect-urls", "ws://127.0.0.1:6001,ws://127.0.0.1:6002");

        var spec = fanout.swarm.spec(10, 1, 100, 60);

        assertThat(spec.reconnectUrls()).hasSize(2);
        assertThat(spec.reconnectUrls().get(1)).isEqualTo(SwarmOptions.webSocketUrl("ws://127.0.0.1:6002", "app-key"));
        assertThat(spec.reconnectUrls().get(1).toString()).startsWith("ws://127.0.0.1:6002/app/app-key?protocol=7");
    }

    @Test
    void withoutThemASubscriberToldToReconnectIsADrop() {
        FanoutCommand fanout = new FanoutCommand();
        new CommandLine(fanout).parseArgs("--subscribers", "10");

        assertThat(fanout.swarm.spec(10, 1, 100, 60).reconnectUrls()).isEmpty();
    }
}
