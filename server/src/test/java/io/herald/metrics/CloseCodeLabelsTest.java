package io.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloseCodeLabelsTest {

    @Test
    void labelsDefinedCodesByTheirNumberAndEveryOtherAsOther() {
        assertThat(CloseCodeLabels.of(1000)).isEqualTo("1000");
        assertThat(CloseCodeLabels.of(4201)).isEqualTo("4201");
        assertThat(CloseCodeLabels.of(3000)).isEqualTo("other");
        assertThat(CloseCodeLabels.of(65535)).isEqualTo("other");
    }

    @Test
    void givesEveryPossibleCodeOneOfABoundedSetOfLabels() {
        Set<String> labels = new HashSet<>();
        for (int code = -1; code <= 65535; code++) {
            labels.add(CloseCodeLabels.of(code));
        }
        assertThat(labels).hasSize(CloseCodeLabels.KNOWN.size() + 1);
    }
}
