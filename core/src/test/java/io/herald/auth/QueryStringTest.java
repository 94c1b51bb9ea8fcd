package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void decodesPercentEscapesAndPlusInValues() {
        assertThat(QueryString.parse("info=user_count%2Csubscription_count&q=a+b%20c"))
                .containsExactly(Map.entry("info", List.of("user_count,subscription_count")), Map.entry("q", List.of("a b c")));
    }

    @Test
    void keepsSemicolonsInsideValues() {
        assertThat(QueryString.parse("filter_by_prefix=a;b&x=1")).containsEntry("filter_by_prefix", List.of("a;b"));
    }

    @Test
    void keepsEveryValueOfARepeatedName() {
        assertThat(QueryString.parse("c=1&c=2")).containsEntry("c", List.of("1", "2"));
    }

    @Test
    void readsNamesWithoutValueAsEmptyAndSkipsEmptyPairs() {
        assertThat(QueryString.parse("a&&b=")).containsExactly(Map.entry("a", List.of("")), Map.entry("b", List.of("")));
    }

    @Test
    void decodesMultiByteUtf8() {
        assertThat(QueryString.parse("n=%C3%A9t%C3%A9")).containsEntry("n", List.of("été"));
    }

    @Test
    void leavesAMalformedEscapeAsItIs() {
        assertThat(PercentDecoding.decodePath("/a%zz/b%4")).isEqualTo("/a%zz/b%4");
    }

    @Test
    void keepsPlusLiteralInPaths() {
        assertThat(PercentDecoding.decodePath("/a+b%2Bc")).isEqualTo("/a+b+c");
    }

    @Test
    void decodesOnlyAsciiHexDigitsInEscapes() {
        assertThat(PercentDecoding.decodeQueryComponent("%\u06F7A%\uFF14\uFF11%4a")).isEqualTo("%\u06F7A%\uFF14\uFF11J");
        assertThat(PercentDecoding.decodePath("/apps/%\u0663\u0663")).isEqualTo("/apps/%\u0663\u0663");
    }
}
