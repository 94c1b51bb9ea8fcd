package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void spacesNinetyNinetyNineAndNinetyNinePointNineEqually() {
        assertThat(SvgChart.percentileX(0)).isEqualTo(0);
        assertThat(SvgChart.percentileX(90)).isCloseTo(1, within(1e-9));
        assertThat(SvgChart.percentileX(99)).isCloseTo(2, within(1e-9));
        assertThat(SvgChart.percentileX(99.9)).isCloseTo(3, within(1e-9));
        assertThat(SvgChart.percentileX(100)).isInfinite();
    }

    @Test
    void labelsThePercentileAxis() {
        assertThat(SvgChart.percentileLabel(0)).isEqualTo("0%");
        assertThat(SvgChart.percentileLabel(1)).isEqualTo("90%");
        assertThat(SvgChart.percentileLabel(2)).isEqualTo("99%");
        assertThat(SvgChart.percentileLabel(4)).isEqualTo("99.99%");
    }

    @Test
    void roundsTheAxisUpToARoundNumber() {
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(7)).isEqualTo(8);
        assertThat(SvgChart.niceCeiling(10)).isEqualTo(10);
        assertThat(SvgChart.niceCeiling(11)).isEqualTo(15);
        assertThat(SvgChart.niceCeiling(555)).isEqualTo(600);
        assertThat(SvgChart.niceCeiling(0.23)).isCloseTo(0.25, within(1e-12));
        assertThat(SvgChart.niceCeiling(480_000)).isEqualTo(500_000);
    }

    @Test
    void formatsTicks() {
        assertThat(SvgChart.number(1_234_567)).isEqualTo("1,234,567");
        assertThat(SvgChart.number(2.5)).isEqualTo("2.5");
        assertThat(SvgChart.number(0)).isEqualTo("0");
    }
}
