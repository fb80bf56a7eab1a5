package io.github.bertner.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One table of a benchmark: every row's throughput on one workload, measured side by side, and each row's words per
 * second over the first row's.
 *
 * @param workload what was tagged
 * @param batchSize the batch size of the rows
 * @param paddingEfficiency real positions over padded ones in the first row's batches; NaN where not known (zero-shot
 *     rows), and then neither it nor the subword positions are printed
 * @param results one per row, the first the reference of the ratios
 * @param versusFirst the ratio column's title, such as {@code vs raw}
 */
public record Comparison(
        Workload workload, int batchSize, double paddingEfficiency, List<RowResult> results, String versusFirst) {

    /** Checks that there is a first row. */
    public Comparison {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one row");
        }
        results = List.copyOf(results);
    }

    /**
     * Prints the table.
     *
     * @param out where to
     */
    public void print(PrintWriter out) {
        boolean padded = !Double.isNaN(paddingEfficiency);
        out.printf(
                Locale.ROOT,
                "%n%s: %d sentences, %d words",
                workload.name(),
                workload.sentences().size(),
                workload.words());
        if (padded) {
            out.printf(Locale.ROOT, ", %d subword positions", results.get(0).subwords());
        }
        out.printf(Locale.ROOT, "; batch size %d", batchSize);
        if (padded) {
            out.printf(Locale.ROOT, ", padding efficiency %.3f", paddingEfficiency);
        }
        out.println();
        out.printf(Locale.ROOT, "%-34s %10s %12s %8s %10s%n", "row", "words/s", "subwords/s", "spread", versusFirst);
        for (RowResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-34s %10.1f %12.1f %7.1f%% %10.3f%n",
                    r.row(),
                    r.wordsPerSecond(),
                    r.subwordsPerSecond(),
                    100 * r.spread(),
                    ratioToFirst(r));
        }
    }

    /**
     * The table as JSON: the workload, the batch size, the padding efficiency (null where not known) and every row's
     * figures.
     *
     * @return a map for Jackson
     */
    public Map<String, Object> toJson() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("workload", workload.name());
        table.put("sentences", workload.sentences().size());
        table.put("words", workload.words());
        table.put("batchSize", batchSize);
        table.put("paddingEfficiency", Double.isNaN(paddingEfficiency) ? null : paddingEfficiency);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RowResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.row());
            row.put("wordsPerSecond", r.wordsPerSecond());
            row.put("subwordsPerSecond", r.subwordsPerSecond());
            row.put("spread", r.spread());
            row.put("ratioToRaw", ratioToFirst(r));
            row.put("seconds", r.seconds());
            rows.add(row);
        }
        table.put("rows", rows);
        return table;
    }

    private double ratioToFirst(RowResult row) {
        return row.wordsPerSecond() / results.get(0).wordsPerSecond();
    }
}
