package io.herald.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG, so the HTML report needs no script and no network. Two kinds of x
 * axis: linear (seconds of the run) and percentile, where 90 %, 99 %, 99.9 % ... are equally
 * spaced (x = log10(100 / (100 - p))), HdrHistogram's usual way of showing a latency tail.
 */
final class SvgChart {

    enum XAxis { SECONDS, PERCENTILE }

    /** One line; each point is {x, y}. */
    record Series(String name, String color, List<double[]> points) {}

    /** A shaded stretch of the x axis, such as the measured phase. */
    record Band(double from, double to, String label) {}

    static final int WIDTH = 880;
    static final int HEIGHT = 300;
    private static final int LEFT = 78;
    private static final int RIGHT = 34;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;
    /** The percentile axis ends at 99.9999 %: HdrHistogram's tail past that is the maximum, shown apart. */
    private static final double MAX_PERCENTILE_X = 6;
    /** The phase whose figures count, shaded in time charts. */
    static final String SHADED_PHASE = "measure";

    private SvgChart() {}

    static String render(String title, String xLabel, String yLabel, XAxis xAxis, List<Series> series, List<Band> bands) {
        List<Series> plotted = new ArrayList<>();
        for (Series s : series) {
            List<double[]> points = new ArrayList<>();
            for (double[] p : s.points()) {
                double x = xAxis == XAxis.PERCENTILE ? percentileX(p[0]) : p[0];
                if (Double.isFinite(x) && Double.isFinite(p[1])) {
                    points.add(new double[] {x, p[1]});
                }
            }
            plotted.add(new Series(s.name(), s.color(), points));
        }
        double xMin = xAxis == XAxis.PERCENTILE ? 0 : Double.MAX_VALUE;
        double xMax = xAxis == XAxis.PERCENTILE ? 1 : -Double.MAX_VALUE;
        double yMax = 0;
        int count = 0;
        for (Series s : plotted) {
            for (double[] p : s.points()) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMax = Math.max(yMax, p[1]);
                count++;
            }
        }
        StringBuilder svg = new StringBuilder(4096 + count * 24);
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" class=\"chart-title\">%s</text>", LEFT, Html.escape(title)));
        if (count == 0) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"no-data\">no data</text></svg>", WIDTH / 2 - 30,
                    HEIGHT / 2));
            return svg.toString();
        }
        if (xAxis == XAxis.PERCENTILE) {
            xMax = Math.min(MAX_PERCENTILE_X, Math.max(1, Math.ceil(xMax)));
        } else if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double yTop = niceCeiling(yMax);
        Frame frame = new Frame(xMin, xMax, yTop);
        bands(svg, bands, frame, xAxis);
        axes(svg, frame, xAxis, xLabel, yLabel);
        for (Series s : plotted) {
            line(svg, s, frame);
        }
        legend(svg, plotted);
        return svg.append("</svg>").toString();
    }

    private record Frame(double xMin, double xMax, double yMax) {
        double px(double x) {
            return LEFT + (Math.min(x, xMax) - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
        }

        double py(double y) {
            return HEIGHT - BOTTOM - y / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }

    /** x for percentile {@code p}: 0 at 0 %, 1 at 90 %, 2 at 99 %, ...; infinite at 100 %. */
    static double percentileX(double p) {
        return p >= 100 ? Double.POSITIVE_INFINITY : Math.log10(100 / (100 - p));
    }

    /** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 times a power of ten that is at least {@code value} (1 for 0). */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= value * (1 - 1e-12)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static void bands(StringBuilder svg, List<Band> bands, Frame frame, XAxis xAxis) {
        if (xAxis != XAxis.SECONDS) {
            return;
        }
        for (Band band : bands) {
            double x1 = frame.px(Math.max(band.from(), frame.xMin()));
            double x2 = frame.px(Math.min(band.to(), frame.xMax()));
            if (x2 <= x1) {
                continue;
            }
            if (band.label().equals(SHADED_PHASE)) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                        x1, TOP, x2 - x1, HEIGHT - TOP - BOTTOM));
            }
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"divider\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><text class=\"band-label\" x=\"%.1f\" y=\"%d\">%s</text>",
                    x1, TOP, x1, HEIGHT - BOTTOM, x1 + 4, TOP + 12, Html.escape(band.label())));
        }
    }

    private static void axes(StringBuilder svg, Frame frame, XAxis xAxis, String xLabel, String yLabel) {
        int bottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, bottom,
                WIDTH - RIGHT, bottom));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, TOP, LEFT, bottom));
        for (int i = 0; i <= 5; i++) {
            double y = frame.yMax() * i / 5;
            double py = frame.py(y);
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/><text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT, py, WIDTH - RIGHT, py, LEFT - 6, py + 4, number(y)));
        }
        if (xAxis == XAxis.PERCENTILE) {
            for (int k = 0; k <= (int) frame.xMax(); k++) {
                double px = frame.px(k);
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        px, TOP, px, bottom, px, bottom + 16, percentileLabel(k)));
            }
        } else {
            double step = niceCeiling((frame.xMax() - frame.xMin()) / 8);
            for (double x = Math.ceil(frame.xMin() / step) * step; x <= frame.xMax() + 1e-9; x += step) {
                double px = frame.px(x);
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        px, TOP, px, bottom, px, bottom + 16, number(x)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 8, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT,
                "<text class=\"axis-label\" x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                TOP + (HEIGHT - TOP - BOTTOM) / 2, TOP + (HEIGHT - TOP - BOTTOM) / 2, Html.escape(yLabel)));
    }

    private static void line(StringBuilder svg, Series series, Frame frame) {
        svg.append("<g class=\"series\" data-series=\"").append(Html.escape(series.name())).append("\">");
        svg.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(Html.escape(series.color()))
                .append("\" points=\"");
        for (double[] p : series.points()) {
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", frame.px(p[0]), frame.py(p[1])));
        }
        svg.append("\"/>");
        if (series.points().size() <= 2) {
            for (double[] p : series.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", frame.px(p[0]),
                        frame.py(p[1]), Html.escape(series.color())));
            }
        }
        svg.append("</g>");
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        int x = WIDTH - RIGHT - 150 * series.size();
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"11\" width=\"14\" height=\"4\" fill=\"%s\"/><text class=\"legend\" x=\"%d\" y=\"17\">%s</text>",
                    x, Html.escape(s.color()), x + 18, Html.escape(s.name())));
            x += 150;
        }
    }

    static String percentileLabel(int k) {
        return switch (k) {
            case 0 -> "0%";
            case 1 -> "90%";
            default -> "99" + (k > 2 ? "." + "9".repeat(k - 2) : "") + "%";
        };
    }

    /** A tick value: grouped thousands, decimals only below 10. */
    static String number(double value) {
        if (value != 0 && Math.abs(value) < 10 && value != Math.rint(value)) {
            return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
