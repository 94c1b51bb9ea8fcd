package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChannelNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"news", "private-App.Models.User.1", "presence-room_1", "a-b_c=d@e,f.g;h", "#server-to-user-42", "cache-x"})
    void acceptsNamesEveryOfficialSdkAccepts(String name) {
        assertThat(ChannelName.problem(name, 200)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "slash/name", "uni\u00e9", "#other", "#server-to-user-", "star*", "q?"})
    void rejectsNamesOutsideTheCharacterSet(String name) {
        assertThat(ChannelName.problem(name, 200)).isNotNull();
    }

    @Test
    void rejectsNamesLongerThanTheLimit() {
        assertThat(ChannelName.problem("a".repeat(200), 200)).isNull();
        assertThat(ChannelName.problem("a".repeat(201), 200)).contains("200");
        assertThat(ChannelName.problem(null, 200)).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({
        "news, PUBLIC, false",
        "cache-news, PUBLIC, true",
        "private-chat, PRIVATE, false",
        "private-cache-chat, PRIVATE, true",
        "private-encrypted-chat, ENCRYPTED, false",
        "private-encrypted-cache-chat, ENCRYPTED, true",
        "presence-room, PRESENCE, false",
        "presence-cache-room, PRESENCE, true",
        "#server-to-user-7, USER, false",
        "privately, PUBLIC, false",
    })
    void classifiesByPrefixWithCacheAsASeparateFlag(String name, ChannelKind kind, boolean cache) {
        assertThat(ChannelName.kind(name)).isEqualTo(kind);
        assertThat(ChannelName.isCache(name)).isEqualTo(cache);
    }

    @Test
    void onlyAuthorisedKindsCarryClientEvents() {
        assertThat(ChannelKind.PUBLIC.allowsClientEvents()).isFalse();
        assertThat(ChannelKind.USER.allowsClientEvents()).isFalse();
        assertThat(ChannelKind.PRIVATE.allowsClientEvents()).isTrue();
        assertThat(ChannelKind.ENCRYPTED.allowsClientEvents()).isTrue();
        assertThat(ChannelKind.PRESENCE.allowsClientEvents()).isTrue();
    }

    @Test
    void extractsTheUserOfAUserChannel() {
        assertThat(ChannelName.userOf("#server-to-user-abc")).isEqualTo("abc");
        assertThat(ChannelName.userOf("private-x")).isNull();
    }
}
