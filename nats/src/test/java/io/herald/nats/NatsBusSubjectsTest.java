package io.herald.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.bus.BusTopic;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsBusSubjectsTest {

    private final NatsBusSubjects subjects = NatsBusSubjects.of("herald");

    @Test
    void keepsOrdinaryNamesReadable() {
        assertThat(subjects.of(BusTopic.channel("app-1", "private-chat@room,1;x=y_z")))
                .isEqualTo("herald.bus.app-1.c.private-chat@room,1;x=y_z");
        assertThat(subjects.of(BusTopic.user("app-1", "42"))).isEqualTo("herald.bus.app-1.u.42");
    }

    @Test
    void encodesEverythingATokenCannotHold() {
        assertThat(NatsBusSubjects.token("a.b")).isEqualTo("a%2Eb");
        assertThat(NatsBusSubjects.token("*")).isEqualTo("%2A");
        assertThat(NatsBusSubjects.token(">")).isEqualTo("%3E");
        assertThat(NatsBusSubjects.token("a b\tc")).isEqualTo("a%20b%09c");
        assertThat(NatsBusSubjects.token("%41")).isEqualTo("%2541");
        assertThat(NatsBusSubjects.token("é✓")).isEqualTo("%C3%A9%E2%9C%93");
        assertThat(NatsBusSubjects.token("")).isEqualTo("%");
    }

    @Test
    void everyTokenIsOneValidToken() {
        List<String> names = List.of("", "a.b.c", "*", ">", "a b", "\u00a0", "\u2028", "日本", "x".repeat(500), "é".repeat(67), "~x", "%");

        for (String name : names) {
            assertThat(NatsBusSubjects.token(name)).as(name)
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(NatsBusSubjects.MAX_TOKEN)
                    .matches("[\\x21-\\x7e&&[^.*>]]+");
        }
    }

    @Test
    void hashesLongNamesApart() {
        String longA = "a".repeat(NatsBusSubjects.MAX_TOKEN + 1);
        String longB = "a".repeat(NatsBusSubjects.MAX_TOKEN) + "b";

        assertThat(NatsBusSubjects.token(longA)).startsWith("~").isNotEqualTo(NatsBusSubjects.token(longB));
        assertThat(NatsBusSubjects.token("a".repeat(NatsBusSubjects.MAX_TOKEN))).doesNotStartWith("~");
    }

    @Test
    void neverGivesTwoTopicsOneSubject() {
        List<BusTopic> topics = List.of(
                BusTopic.channel("a", "b.c.d"), BusTopic.channel("a.c.b", "d"), BusTopic.channel("a%2Ec%2Eb", "d"),
                BusTopic.user("a", "b.c.d"), BusTopic.channel("a", ""), BusTopic.user("a", ""), BusTopic.channel("a", "%"),
                BusTopic.channel("a", "*"), BusTopic.channel("a", "%2A"), BusTopic.channel("a", ">"));

        assertThat(topics.stream().map(subjects::of).distinct()).hasSize(topics.size());
    }

    @Test
    void refusesAPrefixThatIsNotASubject() {
        assertThat(NatsBusSubjects.of("").prefix()).isEqualTo("herald");
        assertThat(NatsBusSubjects.of("prod.herald").prefix()).isEqualTo("prod.herald");
        for (String bad : List.of("a..b", ".a", "a.", "a*", "a.>", "a b")) {
            assertThatThrownBy(() -> NatsBusSubjects.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }

    @Test
    void reconnectWaitDoublesToACapWithJitter() {
        assertThat(NatsBus.reconnectWait(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(63));
        assertThat(NatsBus.reconnectWait(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(125));
        assertThat(NatsBus.reconnectWait(1_000)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2_500));
    }
}
