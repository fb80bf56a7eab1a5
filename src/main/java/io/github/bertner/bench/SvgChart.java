package io.github.bertner.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small line chart in SVG: throughput (y) by batch size (x, evenly spaced), one line per series. */
public final class SvgChart {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 180;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgChart() {}

    /**
     * Draws the chart.
     *
     * @param title the title
     * @param batchSizes the x values, ascending
     * @param series name → one y value (words per second) per batch size
     * @return the SVG document
     */
    public static String render(String title, List<Integer> batchSizes, Map<String, double[]> series) {
        double max = niceCeiling(series.values().stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .max()
                .orElse(1));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH,
                HEIGHT));
        svg.append(text(10, 22, title, "start", 13));
        axes(svg, batchSizes, max);
        int colour = 0;
        for (Map.Entry<String, double[]> line : series.entrySet()) {
            String stroke = COLOURS[colour % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < batchSizes.size(); i++) {
                points.append(
                        String.format(Locale.ROOT, "%.1f,%.1f ", x(i, batchSizes.size()), y(line.getValue()[i], max)));
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        x(i, batchSizes.size()),
                        y(line.getValue()[i], max),
                        stroke));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    stroke,
                    points.toString().trim()));
            double legendY = TOP + 20 + 20 * colour;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    WIDTH - RIGHT + 15,
                    legendY - 4,
                    WIDTH - RIGHT + 35,
                    legendY - 4,
                    stroke));
            svg.append(text(WIDTH - RIGHT + 40, legendY, line.getKey(), "start", 12));
            colour++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder svg, List<Integer> batchSizes, double max) {
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT,
                plotBottom,
                plotRight,
                plotBottom));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT,
                TOP,
                LEFT,
                plotBottom));
        for (int i = 0; i < batchSizes.size(); i++) {
            svg.append(text(x(i, batchSizes.size()), plotBottom + 18, String.valueOf(batchSizes.get(i)), "middle", 12));
        }
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            svg.append(text(LEFT - 8, y(value, max) + 4, String.format(Locale.ROOT, "%.0f", value), "end", 12));
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT,
                    y(value, max),
                    plotRight,
                    y(value, max)));
        }
        svg.append(text((LEFT + plotRight) / 2.0, HEIGHT - 12, "batch size", "middle", 12));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">words/s</text>%n",
                (TOP + plotBottom) / 2,
                (TOP + plotBottom) / 2));
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static double x(int index, int count) {
        double plotWidth = WIDTH - RIGHT - LEFT - 40;
        return LEFT + 20 + (count == 1 ? plotWidth / 2 : plotWidth * index / (count - 1));
    }

    private static double y(double value, double max) {
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / max;
    }

    private static String text(double x, double y, String content, String anchor, int size) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x,
                y,
                anchor,
                size,
                escaped);
    }
}
