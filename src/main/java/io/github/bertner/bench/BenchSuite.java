package io.github.bertner.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.runtime.BatchRows;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of {@code bench}: converts the checkpoint where asked, measures each comparison side by side, prints
 * each table as it is done, and writes the JSON report and the chart.
 */
public final class BenchSuite {
    private final BenchSettings settings;
    private final Benchmark benchmark;

    /**
     * @param settings what to measure
     */
    public BenchSuite(BenchSettings settings) {
        this.settings = settings;
        this.benchmark = new Benchmark(settings.warmup(), settings.iterations());
    }

    /**
     * Measures everything the settings ask for on the workload.
     *
     * @param workload the sentences
     * @param out where the tables go
     * @throws Exception if a model cannot be loaded or a row fails
     */
    public void run(Workload workload, PrintWriter out) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", settings.machine());
        report.put("model", settings.model().toString());
        out.println("machine: " + settings.machine());
        out.println("model:   " + settings.model());
        out.flush();
        Optional<ConvertedCheckpoint> converted = Optional.empty();
        try {
            if (settings.checkpoint().isPresent()) {
                converted =
                        Optional.of(ConvertedCheckpoint.of(settings.checkpoint().get()));
                report.put("conversion", conversion(converted.get(), workload, out));
            }
            List<Map<String, Object>> tables = new ArrayList<>();
            for (Comparison comparison : comparisons(workload, converted, out)) {
                tables.add(comparison.toJson());
            }
            report.put("comparisons", tables);
            if (!settings.batchSizes().isEmpty() && !isZeroShot()) {
                BatchSizeSweep sweep = sweep(workload, converted);
                sweep.print(out, workload.name());
                report.putAll(sweep.toJson());
                if (settings.chart().isPresent()) {
                    Files.writeString(settings.chart().get(), sweep.chart());
                }
            }
        } finally {
            converted.ifPresent(ConvertedCheckpoint::delete);
        }
        if (settings.json().isPresent()) {
            Files.writeString(
                    settings.json().get(),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
        out.flush();
    }

    private boolean isZeroShot() {
        return SpanModelConfig.isSpanModel(settings.model());
    }

    private List<Comparison> comparisons(Workload workload, Optional<ConvertedCheckpoint> converted, PrintWriter out)
            throws Exception {
        List<Comparison> comparisons = new ArrayList<>();
        List<Workload> workloads = isZeroShot() || !settings.longDocument()
                ? List.of(workload)
                : List.of(workload, workload.asOneDocument("one long document"));
        for (Workload each : workloads) {
            Comparison comparison = isZeroShot() ? compareZeroShot(each) : compare(each, converted, out);
            comparison.print(out);
            out.flush();
            comparisons.add(comparison);
        }
        return comparisons;
    }

    private Map<String, Object> conversion(ConvertedCheckpoint converted, Workload workload, PrintWriter out)
            throws Exception {
        Map<String, Double> agreement = converted.agreementWithFp32(workload.sentences(), settings.config());
        Map<String, Object> conversion = new LinkedHashMap<>();
        conversion.put("checkpoint", settings.checkpoint().orElseThrow().toString());
        conversion.put("conversionSeconds", converted.conversionSeconds());
        conversion.put("quantizationSeconds", converted.quantizationSeconds());
        conversion.put("int8WordLabelAgreementWithFp32", agreement);
        out.printf(
                Locale.ROOT,
                "converted %s in %.1f s, quantized in %.1f s; int8 word labels equal to fp32: %s%n",
                settings.checkpoint().orElseThrow(),
                converted.conversionSeconds(),
                converted.quantizationSeconds(),
                agreement);
        out.flush();
        return conversion;
    }

    /**
     * A zero-shot model's rows: fp32, and int8 where the model directory has it, on the types of the settings (host
     * tokens, as the tagger rows).
     */
    private Comparison compareZeroShot(Workload workload) throws Exception {
        RecognizerConfig config = settings.config();
        List<BenchRow> rows = new ArrayList<>();
        try {
            rows.add(new OwningRecognizerRow(
                    "zero-shot, fp32",
                    Recognizers.load(
                            settings.model(),
                            config.toBuilder().quantized(false).build()),
                    settings.types()));
            if (hasQuantized(settings.model())) {
                rows.add(new OwningRecognizerRow(
                        "zero-shot, int8",
                        Recognizers.load(
                                settings.model(),
                                config.toBuilder().quantized(true).build()),
                        settings.types()));
            }
            return new Comparison(
                    workload, config.batchSize(), Double.NaN, benchmark.run(rows, workload, 0), "vs fp32");
        } finally {
            closeAll(rows);
        }
    }

    private Comparison compare(Workload workload, Optional<ConvertedCheckpoint> converted, PrintWriter out)
            throws Exception {
        RecognizerConfig config = settings.config();
        try (Tagger tagger = Tagger.loadDirectory(settings.model(), config)) {
            List<BatchRows<long[]>> batches = tagger.inferenceBatches(workload.sentences());
            long[] positions = RawOnnxRuntimeRow.positions(batches);
            List<BenchRow> rows = rows(tagger, batches, workload, converted);
            try {
                List<RowResult> results = benchmark.run(rows, workload, positions[0]);
                reportFailures(out, rows);
                return new Comparison(
                        workload, config.batchSize(), (double) positions[0] / positions[1], results, "vs raw");
            } finally {
                closeAll(rows);
            }
        }
    }

    private List<BenchRow> rows(
            Tagger tagger, List<BatchRows<long[]>> batches, Workload workload, Optional<ConvertedCheckpoint> converted)
            throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        rows.add(new RawOnnxRuntimeRow(tagger.info().onnxModel(), tagger.config(), batches, "raw ONNX Runtime"));
        rows.add(new TaggerRow("tagger (host tokens)", tagger, EntityTypes.model()));
        rows.add(new RawTextRow("tagger (raw text)", tagger));
        rows.add(new BertNameFinderRow(tagger));
        rows.add(new UimaEngineRow(settings.model(), settings.config()));
        Optional<Tagger> quantized = quantizedTagger();
        if (quantized.isPresent()) {
            List<BatchRows<long[]>> quantizedBatches = quantized.get().inferenceBatches(workload.sentences());
            rows.add(new RawOnnxRuntimeRow(
                    quantized.get().info().onnxModel(),
                    quantized.get().config(),
                    quantizedBatches,
                    "raw ONNX Runtime, quantized"));
            rows.add(new OwningRecognizerRow("tagger, quantized model", quantized.get()));
        }
        if (converted.isPresent()) {
            rows.addAll(convertedRows(tagger.config(), workload, converted.get()));
        }
        if (settings.nameFinderVocabulary().isPresent() && workload.sentences().size() > 1) {
            requireOpenNlpDl();
            rows.add(new NameFinderDlRow(
                    tagger.info().onnxModel(),
                    settings.nameFinderVocabulary().get(),
                    tagger.info().labels()));
        }
        return rows;
    }

    /** opennlp-dl is optional: the shaded command-line jar has it, a class path of one's own may not. */
    private static void requireOpenNlpDl() {
        try {
            Class.forName("opennlp.dl.namefinder.NameFinderDL", false, BenchSuite.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "--namefinder-dl needs org.apache.opennlp:opennlp-dl on the class path "
                            + "(target/bert-ner-cli.jar has it)",
                    e);
        }
    }

    /** The converted checkpoint's rows, raw ONNX Runtime on the batches and rows of the converted fp32 tagger. */
    private static List<BenchRow> convertedRows(
            RecognizerConfig config, Workload workload, ConvertedCheckpoint converted) throws Exception {
        Path perChannel = converted.perChannel();
        Tagger fp32 = Tagger.loadDirectory(perChannel, config);
        List<BatchRows<long[]>> batches = fp32.inferenceBatches(workload.sentences());
        return List.of(
                new RawOnnxRuntimeRow(
                        perChannel.resolve(ModelFiles.MODEL_ONNX), config, batches, "raw ORT, converted fp32"),
                new RawOnnxRuntimeRow(
                        perChannel.resolve(ModelFiles.QUANTIZED_ONNX),
                        config,
                        batches,
                        "raw ORT, Java int8 per channel"),
                new RawOnnxRuntimeRow(
                        converted.perTensor().resolve(ModelFiles.QUANTIZED_ONNX),
                        config,
                        batches,
                        "raw ORT, Java int8 per tensor"),
                new OwningRecognizerRow("tagger, converted fp32", fp32),
                new OwningRecognizerRow(
                        "tagger, Java int8",
                        Tagger.loadDirectory(
                                perChannel, config.toBuilder().quantized(true).build())));
    }

    private Optional<Tagger> quantizedTagger() throws ModelLoadException {
        if (settings.config().quantized() || !hasQuantized(settings.model())) {
            return Optional.empty();
        }
        return Optional.of(Tagger.loadDirectory(
                settings.model(), settings.config().toBuilder().quantized(true).build()));
    }

    private static boolean hasQuantized(Path directory) {
        try {
            ModelFiles.onnx(directory, true);
            return true;
        } catch (ModelLoadException none) {
            return false;
        }
    }

    /** Raw ONNX Runtime, the tagger and (with a checkpoint) the Java int8 tagger at each batch size. */
    private BatchSizeSweep sweep(Workload workload, Optional<ConvertedCheckpoint> converted) throws Exception {
        List<Integer> sizes = settings.batchSizes();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("raw ONNX Runtime", new double[sizes.size()]);
        series.put("tagger (host tokens)", new double[sizes.size()]);
        if (converted.isPresent()) {
            series.put("tagger, Java int8", new double[sizes.size()]);
        }
        for (int i = 0; i < sizes.size(); i++) {
            RecognizerConfig config =
                    settings.config().toBuilder().batchSize(sizes.get(i)).build();
            try (Tagger tagger = Tagger.loadDirectory(settings.model(), config)) {
                List<BatchRows<long[]>> batches = tagger.inferenceBatches(workload.sentences());
                List<BenchRow> rows = new ArrayList<>(List.of(
                        new RawOnnxRuntimeRow(tagger.info().onnxModel(), config, batches, "raw ONNX Runtime"),
                        new TaggerRow("tagger", tagger, EntityTypes.model())));
                if (converted.isPresent()) {
                    rows.add(new OwningRecognizerRow(
                            "tagger, Java int8",
                            Tagger.loadDirectory(
                                    converted.get().perChannel(),
                                    config.toBuilder().quantized(true).build())));
                }
                try {
                    List<RowResult> results = benchmark.run(rows, workload, RawOnnxRuntimeRow.positions(batches)[0]);
                    int row = 0;
                    for (double[] values : series.values()) {
                        values[i] = results.get(row++).wordsPerSecond();
                    }
                } finally {
                    closeAll(rows);
                }
            }
        }
        String title = "words/s by batch size, " + settings.model().getFileName() + ", " + settings.machine();
        return new BatchSizeSweep(title, sizes, series);
    }

    private static void reportFailures(PrintWriter out, List<BenchRow> rows) {
        for (BenchRow row : rows) {
            if (row instanceof NameFinderDlRow dl && !dl.failures().isEmpty()) {
                out.println(row.name() + ": " + dl.failures());
            }
        }
        out.flush();
    }

    private static void closeAll(List<BenchRow> rows) throws Exception {
        for (BenchRow row : rows) {
            row.close();
        }
    }

    /**
     * Draws the chart of an earlier run's JSON report.
     *
     * @param json the report of a run with batch sizes
     * @param chart where to write the chart
     * @throws IOException if either file cannot be read or written
     */
    public static void chartFrom(Path json, Path chart) throws IOException {
        Files.writeString(
                chart,
                BatchSizeSweep.fromJson(new ObjectMapper().readTree(json.toFile()), json)
                        .chart());
    }
}
