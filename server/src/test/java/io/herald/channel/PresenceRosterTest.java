package io.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.channel.PresenceRoster.Outcome;
import io.herald.protocol.PusherMessages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void subscriptionSucceededIsTheRosterJsonInsideTheUsualMessage() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("m1", "{\"name\":\"bench user m1\"}");
        members.put("42", "null");
        members.put("quote\"back\\slash\nline\u2028tab\t", "{\"note\":\"a \\\"quoted\\\" word\\n\",\"é\":[1,2]}");
        members.put("ünïcode", "{\"ctl\":\"\\u0001\"}");

        for (Map<String, String> roster : List.of(members, Map.<String, String>of())) {
            assertThat(PresenceRoster.subscriptionSucceeded("presence-r\"1", roster))
                    .isEqualTo(PusherMessages.subscriptionSucceeded("presence-r\"1", PresenceRoster.rosterJson(roster)));
        }
    }
}
