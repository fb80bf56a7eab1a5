package io.github.bertner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.bertner.runtime.BatchRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BenchPartsTest {

    @Test
    void resultsReportTheMedianPassAndTheSpread() {
        RowResult result = new RowResult("row", 1000, 1300, new double[] {2.0, 1.0, 4.0});
        assertThat(result.median()).isEqualTo(2.0);
        assertThat(result.wordsPerSecond()).isEqualTo(500.0);
        assertThat(result.subwordsPerSecond()).isEqualTo(650.0);
        assertThat(result.spread()).isEqualTo(1.5);
        assertThat(new RowResult("row", 10, 10, new double[] {1.0, 3.0}).median())
                .isEqualTo(2.0);
    }

    @Test
    void everyMeasuredIterationRunsEveryRowOnceInTurn() throws Exception {
        List<String> calls = new ArrayList<>();
        BenchRow a = new Recording("a", calls);
        BenchRow b = new Recording("b", calls);
        Workload workload = new Workload("w", List.<String[]>of(new String[] {"x", "y"}));
        List<RowResult> results = new Benchmark(1, 2).run(List.of(a, b), workload, 4);
        assertThat(calls).containsExactly("a", "b", "a", "b", "a", "b");
        assertThat(results).extracting(RowResult::row).containsExactly("a", "b");
        assertThat(results.get(0).seconds()).hasSize(2);
        assertThat(results.get(0).words()).isEqualTo(2);
    }

    @Test
    void eachMeasuredRowStartsAfterAnUntimedPause() throws Exception {
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        BenchRow row = new Timed(starts, ends);
        Workload workload = new Workload("w", List.<String[]>of(new String[] {"x"}));
        RowResult result =
                new Benchmark(0, 3).run(List.of(row, row), workload, 1).get(0);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - ends.get(i - 1)).isGreaterThanOrEqualTo(Benchmark.QUIET_MILLIS * 1_000_000);
        }
        for (double seconds : result.seconds()) {
            assertThat(seconds).isLessThan(Benchmark.QUIET_MILLIS / 1e3);
        }
    }

    @Test
    void aTableWithoutSubwordsSaysNothingOfPaddingRatherThanNaN() {
        Workload workload = new Workload("dane", List.<String[]>of(new String[] {"x", "y"}));
        List<RowResult> rows = List.of(
                new RowResult("zero-shot, fp32", 2, 0, new double[] {1.0}),
                new RowResult("zero-shot, int8", 2, 0, new double[] {0.5}));
        Comparison zeroShot = new Comparison(workload, 8, Double.NaN, rows, "vs fp32");
        StringWriter printed = new StringWriter();
        zeroShot.print(new PrintWriter(printed, true));
        assertThat(printed.toString())
                .contains("dane: 1 sentences, 2 words; batch size 8")
                .doesNotContain("NaN")
                .doesNotContain("padding")
                .contains("2.000");
        assertThat(zeroShot.toJson()).containsEntry("paddingEfficiency", null);
        Comparison tokens = new Comparison(workload, 8, 0.984, rows, "vs raw");
        assertThat(tokens.toJson()).containsEntry("paddingEfficiency", 0.984);
    }

    @Test
    void paddingIsCountedPerBatch() {
        long[] positions = RawOnnxRuntimeRow.positions(List.of(
                new BatchRows<>(List.of(List.of(new long[4]), List.of(new long[2]))),
                new BatchRows<>(List.of(List.of(new long[3])))));
        assertThat(positions).containsExactly(9, 11);
    }

    @Test
    void aPackedRowIsPaddedAsOneSequence() {
        long[] positions = RawOnnxRuntimeRow.positions(
                List.of(new BatchRows<>(List.of(List.of(new long[4]), List.of(new long[2], new long[1])))));
        assertThat(positions).containsExactly(7, 8);
    }

    @Test
    void aLongDocumentIsTheSameWordsInOneSentence() {
        Workload workload = new Workload("w", List.of(new String[] {"a", "b"}, new String[] {"c"}));
        Workload one = workload.asOneDocument("doc");
        assertThat(one.sentences()).hasSize(1);
        assertThat(one.sentences().get(0)).containsExactly("a", "b", "c");
        assertThat(one.words()).isEqualTo(3);
    }

    @Test
    void chartsHaveOneLinePerSeriesAndARoundScale() {
        assertThat(SvgChart.niceCeiling(47_300)).isEqualTo(50_000, within(1e-9));
        assertThat(SvgChart.niceCeiling(180)).isEqualTo(200, within(1e-9));
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("raw", new double[] {1, 2, 3});
        series.put("tagger <&>", new double[] {1, 2, 2.5});
        String svg = SvgChart.render("title", List.of(1, 8, 32), series);
        assertThat(svg).startsWith("<svg").contains("tagger &lt;&amp;&gt;").endsWith("</svg>\n");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
    }

    /** Keeps when each of its runs started and ended. */
    private record Timed(List<Long> starts, List<Long> ends) implements BenchRow {
        @Override
        public String name() {
            return "timed";
        }

        @Override
        public void run(Workload workload) {
            starts.add(System.nanoTime());
            ends.add(System.nanoTime());
        }
    }

    private record Recording(String name, List<String> calls) implements BenchRow {
        @Override
        public void run(Workload workload) {
            calls.add(name);
        }
    }
}
