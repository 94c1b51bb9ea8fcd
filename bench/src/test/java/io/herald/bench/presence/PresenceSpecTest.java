package io.herald.bench.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceSpecTest {

    private static PresenceSpec spec(int channels, int observers, int members, String prefix) {
        return new PresenceSpec(URI.create("ws://127.0.0.1:1/app/k"), "k", "s", channels, prefix, observers, members, 100, 10,
                1000, List.of(), 1);
    }

    @Test
    void spreadsMembersAndObserversOverTheChannels() {
        PresenceSpec spec = spec(3, 2, 10, "presence-bench-");

        assertThat(spec.observers()).isEqualTo(6);
        assertThat(spec.connections()).isEqualTo(16);
        assertThat(spec.memberChannel(4)).isEqualTo(1);
        assertThat(spec.channelName(2)).isEqualTo("presence-bench-2");
        assertThat(spec.usersPerChannel()).isEqualTo(4 + 2);
    }

    @Test
    void refusesChannelsThatAreNotPresenceChannels() {
        assertThatThrownBy(() -> spec(1, 1, 1, "bench-")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("presence-");
        assertThatThrownBy(() -> spec(1, 0, 1, "presence-")).isInstanceOf(IllegalArgumentException.class);
    }
}
