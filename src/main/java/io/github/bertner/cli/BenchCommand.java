package io.github.bertner.cli;

import io.github.bertner.ModelLoadException;
import io.github.bertner.bench.BenchSettings;
import io.github.bertner.bench.BenchSuite;
import io.github.bertner.bench.UimaMemoryCheck;
import io.github.bertner.bench.Workload;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (chartFrom != null) {
            if (chart == null) {
                throw new IllegalArgumentException("--chart-from needs --chart FILE to write to");
            }
            BenchSuite.chartFrom(chartFrom, chart);
            return 0;
        }
        checkWritable(json, "--json");
        checkWritable(chart, "--chart");
        Workload workload = new Workload(data.getFileName().toString(), readSentences());
        if (uimaInstances != null) {
            long kib = UimaMemoryCheck.peakResidentKib(
                    modelOptions.modelDirectory(), modelOptions.config(), uimaInstances, workload);
            out.printf(
                    Locale.ROOT,
                    "peak resident memory with %d UIMA engine instance(s) on one shared model: %.1f MiB%n",
                    uimaInstances,
                    kib / 1024.0);
            Output.flush(out);
            return 0;
        }
        new BenchSuite(settings()).run(workload, out);
        Output.flush(out);
        return 0;
    }

    /** Refuses an output whose folder is missing before measuring, so that no result is lost at the end. */
    private void checkWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '" + option + "': " + folder + " is not a folder this user can write to");
        }
    }

    private BenchSettings settings() throws ModelLoadException {
        return new BenchSettings(
                modelOptions.modelDirectory(),
                modelOptions.config(),
                modelOptions.types(),
                Machine.describe(),
                warmup,
                iterations,
                longDocument,
                Optional.ofNullable(nameFinderVocabulary),
                batchSizes,
                Optional.ofNullable(checkpoint),
                Optional.ofNullable(json),
                Optional.ofNullable(chart));
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
}
