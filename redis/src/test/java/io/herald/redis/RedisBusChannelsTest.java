package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.BusTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisBusChannelsTest {

    private final RedisBusChannels channels = RedisBusChannels.of("herald");

    @Test
    void writesReadableNames() {
        assertThat(channels.of(BusTopic.channel("app-1", "private-chat@room,1"))).isEqualTo("herald:bus:app-1:c:private-chat@room,1");
        assertThat(channels.of(BusTopic.user("app-1", "user:42"))).isEqualTo("herald:bus:app-1:u:user:42");
        assertThat(RedisBusChannels.of("").of(BusTopic.user("a", "u"))).isEqualTo("herald:bus:a:u:u");
    }

    @Test
    void neverGivesTwoTopicsOneChannel() {
        List<BusTopic> topics = List.of(
                BusTopic.channel("a", "b:c:d"), BusTopic.channel("a:c:b", "d"), BusTopic.channel("a%3Ac%3Ab", "d"),
                BusTopic.user("a", "b:c:d"), BusTopic.channel("a:u:b", "d"), BusTopic.user("a:c:b", "d"),
                BusTopic.channel("a", ""), BusTopic.user("a", ""), BusTopic.channel("a:c:", ""), BusTopic.channel("a", ":c:"));

        assertThat(topics.stream().map(channels::of).distinct()).hasSize(topics.size());
    }

    @Test
    void escapesOnlyTheAppId() {
        assertThat(channels.of(BusTopic.channel("a:b%", "x:y%"))).isEqualTo("herald:bus:a%3Ab%25:c:x:y%");
    }
}
