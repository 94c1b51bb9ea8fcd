package io.herald.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a PATCH body may hold before the store checks the app it makes. */
class AppPatchTest {

    @Test
    void takesAnObjectOfAppKeysWithNullsForDefaults() {
        assertThat(AppPatch.changes("{\"max-connections\": 10, \"allowed-origins\": null}").toString())
                .isEqualTo("{\"max-connections\":10,\"allowed-origins\":null}");
    }

    @Test
    void refusesWhatIsNoObjectOrNothingToChange() {
        for (String body : new String[] {"", "[]", "1", "{\"a\": ", "{}"}) {
            assertThatThrownBy(() -> AppPatch.changes(body)).as(body)
                    .isInstanceOf(AppPatch.BadPatchException.class).hasMessageContaining("JSON object of the app keys");
        }
    }

    @Test
    void namesEveryKeyAPatchMayNotTouch() {
        assertThatThrownBy(() -> AppPatch.changes("{\"id\": \"x\", \"secret\": \"s\", \"previous-secret\": \"p\","
                + " \"key\": 5}"))
                .hasMessageContaining("id: not changed by PATCH (an app's id cannot change")
                .hasMessageContaining("secret: not changed by PATCH (use POST /admin/apps/{id}/rotate-secret")
                .hasMessageContaining("previous-secret:")
                .hasMessageContaining("key: must be text");
    }
}
