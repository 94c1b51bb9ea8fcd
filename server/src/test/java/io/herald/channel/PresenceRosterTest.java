package io.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.channel.PresenceRoster.Outcome;
import org.junit.jupiter.api.Test;

class PresenceRosterTest {

    @Test
    void countsOneMemberPerUserHoweverManyConnections() {
        PresenceRoster roster = new PresenceRoster();
        assertThat(roster.join("1", "{\"n\":\"a\"}", 10)).isEqualTo(Outcome.NEW_MEMBER);
        assertThat(roster.join("1", "{\"n\":\"other\"}", 10)).isEqualTo(Outcome.ANOTHER_CONNECTION);
        assertThat(roster.userCount()).isEqualTo(1);
        assertThat(roster.userInfo("1")).isEqualTo("{\"n\":\"a\"}");
        assertThat(roster.leave("1")).isFalse();
        assertThat(roster.leave("1")).isTrue();
        assertThat(roster.userCount()).isZero();
        assertThat(roster.leave("1")).isFalse();
    }

    @Test
    void refusesNewUsersWhenFullButAdmitsPresentOnes() {
        PresenceRoster roster = new PresenceRoster();
        roster.join("1", "null", 2);
        roster.join("2", "null", 2);
        assertThat(roster.join("3", "null", 2)).isEqualTo(Outcome.FULL);
        assertThat(roster.join("2", "null", 2)).isEqualTo(Outcome.ANOTHER_CONNECTION);
        assertThat(roster.userIds()).containsExactly("1", "2");
    }

    @Test
    void rosterIncludesIdsHashAndCount() {
        PresenceRoster roster = new PresenceRoster();
        roster.join("1", "null", 10);
        roster.join("2", "{\"name\":\"B\"}", 10);
        String json = roster.snapshot();
        assertThat(json).isEqualTo("{\"presence\":{\"ids\":[\"1\",\"2\"],\"hash\":{\"1\":null,\"2\":{\"name\":\"B\"}},\"count\":2}}");
    }
}
