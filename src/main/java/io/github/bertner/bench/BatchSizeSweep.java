package io.github.bertner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words per second of some rows at each of several batch sizes, for the chart of {@code bench --batch-sizes}.
 *
 * @param title the chart's title: the model and the machine
 * @param batchSizes the batch sizes, in order
 * @param wordsPerSecond per row, its words/s at each batch size
 */
public record BatchSizeSweep(String title, List<Integer> batchSizes, Map<String, double[]> wordsPerSecond) {

    /**
     * Reads the sweep of an earlier run's JSON ({@link #toJson}).
     *
     * @param root the parsed JSON
     * @param file where it was read, for the message
     * @return the sweep
     * @throws IllegalArgumentException if the JSON has no sweep
     */
    public static BatchSizeSweep fromJson(JsonNode root, Path file) {
        if (!root.has("batchSizes") || !root.has("wordsPerSecondByBatchSize")) {
            throw new IllegalArgumentException(
                    file + ": no batch-size results (was it written by bench --batch-sizes … --json?)");
        }
        List<Integer> sizes = new ArrayList<>();
        root.get("batchSizes").forEach(size -> sizes.add(size.asInt()));
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> line :
                root.get("wordsPerSecondByBatchSize").properties()) {
            double[] values = new double[sizes.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = line.getValue().get(i).asDouble();
            }
            series.put(line.getKey(), values);
        }
        String title = root.has("chartTitle")
                ? root.get("chartTitle").asText()
                : "words/s by batch size, "
                        + Path.of(root.path("model").asText()).getFileName() + ", "
                        + root.path("machine").asText();
        return new BatchSizeSweep(title, sizes, series);
    }

    /**
     * Prints the table: one line per batch size, one column per row.
     *
     * @param out where to
     * @param workload the workload's name
     */
    public void print(PrintWriter out, String workload) {
        out.printf(Locale.ROOT, "%nwords/s by batch size (%s)%n%-10s", workload, "batch size");
        wordsPerSecond.keySet().forEach(name -> out.printf(Locale.ROOT, " %22s", name));
        out.println();
        for (int i = 0; i < batchSizes.size(); i++) {
            out.printf(Locale.ROOT, "%10d", batchSizes.get(i));
            for (double[] values : wordsPerSecond.values()) {
                out.printf(Locale.ROOT, " %22.1f", values[i]);
            }
            out.println();
        }
    }

    /**
     * The sweep as JSON, in the fields {@link #fromJson} reads.
     *
     * @return a map for Jackson
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("batchSizes", batchSizes);
        json.put("wordsPerSecondByBatchSize", wordsPerSecond);
        json.put("chartTitle", title);
        return json;
    }

    /**
     * The chart.
     *
     * @return an SVG document
     */
    public String chart() {
        return SvgChart.render(title, batchSizes, wordsPerSecond);
    }
}
