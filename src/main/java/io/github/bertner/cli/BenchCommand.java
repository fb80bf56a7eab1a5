package io.github.bertner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Diagnostics;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelFiles;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.Tagger;
import io.github.bertner.TaggerConfig;
import io.github.bertner.bench.BenchRow;
import io.github.bertner.bench.Benchmark;
import io.github.bertner.bench.BertNameFinderRow;
import io.github.bertner.bench.ConvertedCheckpoint;
import io.github.bertner.bench.NameFinderDlRow;
import io.github.bertner.bench.RawOnnxRuntimeRow;
import io.github.bertner.bench.RowResult;
import io.github.bertner.bench.SvgChart;
import io.github.bertner.bench.TaggerRow;
import io.github.bertner.bench.UimaEngineRow;
import io.github.bertner.bench.UimaMemoryCheck;
import io.github.bertner.bench.Workload;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import io.github.bertner.zeroshot.SpanModelConfig;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: throughput of each way of tagging, side by side in one run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Measures the throughput of the tagger, its adapters and raw ONNX Runtime side by side.",
        description = {
            "Measures throughput (words/s, subwords/s; median of the measured passes and their spread) of raw ONNX"
                    + " Runtime on the tagger's own padded batches, the tagger, the OpenNLP adapter (BertNameFinder.findAll),"
                    + " the UIMA engine (one CAS per pass), the quantized model, converted checkpoints (--checkpoint) and"
                    + " OpenNLP's NameFinderDL (--namefinder-dl), side by side: each measured iteration runs every row once in"
                    + " turn."
        })
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(
            names = "--data",
            paramLabel = "FILE",
            defaultValue = "testdata/dane/ddt.test.bio.tsv",
            description = "CoNLL-style sentences to tag (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--sentences",
            paramLabel = "N",
            description = "Use only the first N sentences of --data (default: all).")
    Integer sentenceLimit;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "1",
            description = "Warm-up passes per row (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            defaultValue = "5",
            description = "Measured passes per row (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--long-document", description = "Also measure the same words as one long document (windows).")
    boolean longDocument;

    @Option(
            names = "--namefinder-dl",
            paramLabel = "VOCAB",
            description =
                    "Also measure OpenNLP's NameFinderDL, which needs the model's vocab.txt (e.g. testdata/danish-bert-vocab/vocab.txt).")
    Path nameFinderVocabulary;

    @Option(
            names = "--batch-sizes",
            paramLabel = "N,N,…",
            split = ",",
            description = "Also measure raw ONNX Runtime and the tagger at each of these batch sizes (for the chart).")
    List<Integer> batchSizes = new ArrayList<>();

    @Option(
            names = "--uima-instances",
            paramLabel = "N",
            description = "Instead of timing: run N UIMA engine instances at once on one shared model and print the"
                    + " process's peak resident memory (compare N=1 with N=4 in two runs).")
    Integer uimaInstances;

    @Option(
            names = "--checkpoint",
            paramLabel = "DIR",
            description =
                    "Also convert this checkpoint (the same weights as --model) in Java, timed, and measure raw ONNX Runtime"
                            + " on the converted fp32 graph and on its int8 models (per channel, as convert --quantize writes it, and"
                            + " per tensor), and the tagger on the int8 model; prints each int8 model's word-label agreement with fp32.")
    Path checkpoint;

    @Option(names = "--json", paramLabel = "FILE", description = "Write all results as JSON.")
    Path json;

    @Option(
            names = "--chart",
            paramLabel = "FILE",
            description = "Write words/s by batch size as an SVG chart (needs --batch-sizes).")
    Path chart;

    @Option(
            names = "--chart-from",
            paramLabel = "JSON",
            description =
                    "Instead of measuring: draw the --chart from the --json output of an earlier run with --batch-sizes.")
    Path chartFrom;

    @Spec
    CommandSpec spec;

    private final Map<String, Object> report = new LinkedHashMap<>();
    private ConvertedCheckpoint converted;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (chartFrom != null) {
            drawChartFrom(chartFrom);
            return 0;
        }
        List<String[]> read = readSentences();
        Workload sentences = new Workload(data.getFileName().toString(), read);
        if (uimaInstances != null) {
            long kib = UimaMemoryCheck.peakResidentKib(
                    modelOptions.modelDirectory(), modelOptions.config(), uimaInstances, sentences);
            out.printf(
                    Locale.ROOT,
                    "peak resident memory with %d UIMA engine instance(s) on one shared model: %.1f MiB%n",
                    uimaInstances,
                    kib / 1024.0);
            Output.flush(out);
            return 0;
        }
        report.put("machine", Machine.describe());
        report.put("model", modelOptions.modelDirectory().toString());
        out.println("machine: " + Machine.describe());
        out.println("model:   " + modelOptions.modelDirectory());
        if (checkpoint != null) {
            convert(sentences, out);
        }
        List<Map<String, Object>> tables = new ArrayList<>();
        if (SpanModelConfig.isSpanModel(modelOptions.modelDirectory())) {
            tables.add(compareZeroShot(sentences, out));
            report.put("comparisons", tables);
            writeJson();
            Output.flush(out);
            return 0;
        }
        try {
            tables.add(compare(sentences, out));
            if (longDocument) {
                tables.add(compare(sentences.asOneDocument("one long document"), out));
            }
            report.put("comparisons", tables);
            if (!batchSizes.isEmpty()) {
                sweep(sentences, out);
            }
        } finally {
            if (converted != null) {
                converted.delete();
            }
        }
        writeJson();
        Output.flush(out);
        return 0;
    }

    private void writeJson() throws IOException {
        if (json != null) {
            Files.writeString(
                    json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        }
    }

    /**
     * A zero-shot model's rows: fp32, and int8 where the model directory has it, on the types of {@code --labels}
     * (host tokens, as the tagger rows).
     */
    private Map<String, Object> compareZeroShot(Workload workload, PrintWriter out) throws Exception {
        TaggerConfig config = modelOptions.config();
        EntityTypes types = modelOptions.types();
        Path directory = modelOptions.modelDirectory();
        List<BenchRow> rows = new ArrayList<>();
        try {
            rows.add(new OwningTaggerRow(
                    "zero-shot, fp32",
                    Recognizer.loadDirectory(
                            directory, config.toBuilder().quantized(false).build()),
                    types));
            if (hasQuantized(directory)) {
                rows.add(new OwningTaggerRow(
                        "zero-shot, int8",
                        Recognizer.loadDirectory(
                                directory, config.toBuilder().quantized(true).build()),
                        types));
            }
            List<RowResult> results = new Benchmark(warmup, iterations).run(rows, workload, 0);
            printTable(out, workload, config.batchSize(), Double.NaN, results, "vs fp32");
            return table(workload, config.batchSize(), Double.NaN, results);
        } finally {
            for (BenchRow row : rows) {
                row.close();
            }
        }
    }

    private static boolean hasQuantized(Path directory) {
        try {
            ModelFiles.onnx(directory, true);
            return true;
        } catch (ModelLoadException none) {
            return false;
        }
    }

    private void convert(Workload sentences, PrintWriter out) throws Exception {
        converted = ConvertedCheckpoint.of(checkpoint);
        Map<String, Double> agreement = converted.agreementWithFp32(sentences.sentences(), modelOptions.config());
        Map<String, Object> conversion = new LinkedHashMap<>();
        conversion.put("checkpoint", checkpoint.toString());
        conversion.put("conversionSeconds", converted.conversionSeconds());
        conversion.put("quantizationSeconds", converted.quantizationSeconds());
        conversion.put("int8WordLabelAgreementWithFp32", agreement);
        report.put("conversion", conversion);
        out.printf(
                Locale.ROOT,
                "converted %s in %.1f s, quantized in %.1f s; int8 word labels equal to fp32: %s%n",
                checkpoint,
                converted.conversionSeconds(),
                converted.quantizationSeconds(),
                agreement);
        Output.flush(out);
    }

    private Map<String, Object> compare(Workload workload, PrintWriter out) throws Exception {
        TaggerConfig config = modelOptions.config();
        try (Tagger tagger = Tagger.load(modelOptions.modelDirectory(), config)) {
            List<List<long[]>> batches = Diagnostics.inferenceBatches(tagger, workload.sentences());
            long[] positions = RawOnnxRuntimeRow.positions(batches);
            List<BenchRow> rows = rows(tagger, batches, workload);
            try {
                List<RowResult> results = new Benchmark(warmup, iterations).run(rows, workload, positions[0]);
                double efficiency = (double) positions[0] / positions[1];
                printTable(out, workload, config.batchSize(), efficiency, results);
                reportFailures(out, rows);
                return table(workload, config.batchSize(), efficiency, results);
            } finally {
                for (BenchRow row : rows) {
                    row.close();
                }
            }
        }
    }

    private List<BenchRow> rows(Tagger tagger, List<List<long[]>> batches, Workload workload) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        rows.add(new RawOnnxRuntimeRow(tagger.info().onnxModel(), tagger.config(), batches, "raw ONNX Runtime"));
        rows.add(new TaggerRow("tagger (host tokens)", tagger, EntityTypes.model()));
        rows.add(new BertNameFinderRow(tagger));
        rows.add(new UimaEngineRow(modelOptions.modelDirectory(), modelOptions.config()));
        Optional<Tagger> quantized = quantizedTagger();
        if (quantized.isPresent()) {
            List<List<long[]>> quantizedBatches = Diagnostics.inferenceBatches(quantized.get(), workload.sentences());
            rows.add(new RawOnnxRuntimeRow(
                    quantized.get().info().onnxModel(),
                    quantized.get().config(),
                    quantizedBatches,
                    "raw ONNX Runtime, quantized"));
            rows.add(new OwningTaggerRow("tagger, quantized model", quantized.get()));
        }
        if (converted != null) {
            rows.addAll(convertedRows(tagger, batches));
        }
        if (nameFinderVocabulary != null && workload.sentences().size() > 1) {
            requireOpenNlpDl();
            rows.add(new NameFinderDlRow(
                    tagger.info().onnxModel(),
                    nameFinderVocabulary,
                    tagger.info().labels()));
        }
        return rows;
    }

    /** opennlp-dl is optional: the shaded command-line jar has it, a class path of one's own may not. */
    private static void requireOpenNlpDl() {
        try {
            Class.forName("opennlp.dl.namefinder.NameFinderDL", false, BenchCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "--namefinder-dl needs org.apache.opennlp:opennlp-dl on the class path "
                            + "(target/bert-ner-cli.jar has it)",
                    e);
        }
    }

    /** The converted checkpoint's rows, on the batches of the exported model (the tokenizers are equivalent). */
    private List<BenchRow> convertedRows(Tagger tagger, List<List<long[]>> batches) throws Exception {
        TaggerConfig config = tagger.config();
        Path perChannel = converted.perChannel();
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
                new OwningTaggerRow("tagger, converted fp32", Tagger.loadDirectory(perChannel, config)),
                new OwningTaggerRow(
                        "tagger, Java int8",
                        Tagger.loadDirectory(
                                perChannel, config.toBuilder().quantized(true).build())));
    }

    private Optional<Tagger> quantizedTagger() throws ModelLoadException {
        if (modelOptions.quantized()) {
            return Optional.empty();
        }
        try {
            ModelFiles.locate(modelOptions.modelDirectory(), true);
        } catch (ModelLoadException noQuantizedModel) {
            return Optional.empty();
        }
        return Optional.of(Tagger.load(
                modelOptions.modelDirectory(),
                modelOptions.config().toBuilder().quantized(true).build()));
    }

    private void sweep(Workload workload, PrintWriter out) throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("raw ONNX Runtime", new double[batchSizes.size()]);
        series.put("tagger (host tokens)", new double[batchSizes.size()]);
        if (converted != null) {
            series.put("tagger, Java int8", new double[batchSizes.size()]);
        }
        out.printf(Locale.ROOT, "%nwords/s by batch size (%s)%n%-10s", workload.name(), "batch size");
        series.keySet().forEach(name -> out.printf(Locale.ROOT, " %22s", name));
        out.println();
        for (int i = 0; i < batchSizes.size(); i++) {
            TaggerConfig config = modelOptions.config().toBuilder()
                    .batchSize(batchSizes.get(i))
                    .build();
            try (Tagger tagger = Tagger.load(modelOptions.modelDirectory(), config)) {
                List<List<long[]>> batches = Diagnostics.inferenceBatches(tagger, workload.sentences());
                List<BenchRow> rows = new ArrayList<>(List.of(
                        new RawOnnxRuntimeRow(tagger.info().onnxModel(), config, batches, "raw ONNX Runtime"),
                        new TaggerRow("tagger", tagger, EntityTypes.model())));
                if (converted != null) {
                    rows.add(new OwningTaggerRow(
                            "tagger, Java int8",
                            Tagger.loadDirectory(
                                    converted.perChannel(),
                                    config.toBuilder().quantized(true).build())));
                }
                try {
                    List<RowResult> results = new Benchmark(warmup, iterations)
                            .run(rows, workload, RawOnnxRuntimeRow.positions(batches)[0]);
                    out.printf(Locale.ROOT, "%10d", batchSizes.get(i));
                    int row = 0;
                    for (double[] values : series.values()) {
                        values[i] = results.get(row++).wordsPerSecond();
                        out.printf(Locale.ROOT, " %22.1f", values[i]);
                    }
                    out.println();
                    Output.flush(out);
                } finally {
                    for (BenchRow row : rows) {
                        row.close();
                    }
                }
            }
        }
        report.put("batchSizes", batchSizes);
        report.put("wordsPerSecondByBatchSize", series);
        report.put(
                "chartTitle",
                "words/s by batch size, " + modelOptions.modelDirectory().getFileName() + ", " + Machine.describe());
        if (chart != null) {
            Files.writeString(chart, SvgChart.render((String) report.get("chartTitle"), batchSizes, series));
        }
    }

    private void drawChartFrom(Path json) throws Exception {
        if (chart == null) {
            throw new IllegalArgumentException("--chart-from needs --chart FILE to write to");
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (!root.has("batchSizes") || !root.has("wordsPerSecondByBatchSize")) {
            throw new IllegalArgumentException(
                    json + ": no batch-size results (was it written by bench --batch-sizes … --json?)");
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
        Files.writeString(chart, SvgChart.render(title, sizes, series));
    }

    private List<String[]> readSentences() throws Exception {
        try (LineReader reader = TextInput.open(data)) {
            List<String[]> sentences = new ArrayList<>();
            for (ConllSentence sentence : ConllReader.readAll(reader::readLine)) {
                sentences.add(sentence.tokens());
            }
            return sentenceLimit == null ? sentences : sentences.subList(0, Math.min(sentenceLimit, sentences.size()));
        }
    }

    private static void printTable(
            PrintWriter out, Workload workload, int batchSize, double efficiency, List<RowResult> results)
            throws IOException {
        printTable(out, workload, batchSize, efficiency, results, "vs raw");
    }

    /** The table, the last column each row's words/s over the first row's. */
    private static void printTable(
            PrintWriter out,
            Workload workload,
            int batchSize,
            double efficiency,
            List<RowResult> results,
            String versusFirst)
            throws IOException {
        out.printf(
                Locale.ROOT,
                "%n%s: %d sentences, %d words, %d subword positions; batch size %d, padding efficiency %.3f%n",
                workload.name(),
                workload.sentences().size(),
                workload.words(),
                results.get(0).subwords(),
                batchSize,
                efficiency);
        out.printf(Locale.ROOT, "%-34s %10s %12s %8s %10s%n", "row", "words/s", "subwords/s", "spread", versusFirst);
        double raw = results.get(0).wordsPerSecond();
        for (RowResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-34s %10.1f %12.1f %7.1f%% %10.3f%n",
                    r.row(),
                    r.wordsPerSecond(),
                    r.subwordsPerSecond(),
                    100 * r.spread(),
                    r.wordsPerSecond() / raw);
        }
        Output.flush(out);
    }

    private static void reportFailures(PrintWriter out, List<BenchRow> rows) throws IOException {
        for (BenchRow row : rows) {
            if (row instanceof NameFinderDlRow dl && !dl.failures().isEmpty()) {
                out.println(row.name() + ": " + dl.failures());
            }
        }
        Output.flush(out);
    }

    private static Map<String, Object> table(
            Workload workload, int batchSize, double efficiency, List<RowResult> results) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("workload", workload.name());
        table.put("sentences", workload.sentences().size());
        table.put("words", workload.words());
        table.put("batchSize", batchSize);
        table.put("paddingEfficiency", efficiency);
        List<Map<String, Object>> rows = new ArrayList<>();
        double raw = results.get(0).wordsPerSecond();
        for (RowResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.row());
            row.put("wordsPerSecond", r.wordsPerSecond());
            row.put("subwordsPerSecond", r.subwordsPerSecond());
            row.put("spread", r.spread());
            row.put("ratioToRaw", r.wordsPerSecond() / raw);
            row.put("seconds", r.seconds());
            rows.add(row);
        }
        table.put("rows", rows);
        return table;
    }

    /** A recognizer row that closes its recognizer with the row. */
    private static final class OwningTaggerRow implements BenchRow {
        private final TaggerRow row;
        private final Recognizer tagger;

        OwningTaggerRow(String name, Recognizer tagger) {
            this(name, tagger, EntityTypes.model());
        }

        OwningTaggerRow(String name, Recognizer tagger, EntityTypes types) {
            this.row = new TaggerRow(name, tagger, types);
            this.tagger = tagger;
        }

        @Override
        public String name() {
            return row.name();
        }

        @Override
        public void run(Workload workload) {
            row.run(workload);
        }

        @Override
        public void close() {
            tagger.close();
        }
    }
}
