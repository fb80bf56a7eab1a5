package io.github.bertner.spark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.options.TaggerOptions;
import io.github.bertner.spark.EntityRecognizer;
import io.github.bertner.spark.ExecutorTaggers;
import io.github.bertner.spark.ModelSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures throughput on one machine: the plain tagger on 1 and on N threads in one JVM, and the Spark
 * pipeline of {@link NerJob} (read JSON Lines, tag; written to Spark's {@code noop} sink) under each
 * {@code --masters} entry, on the same sentences. The input is written as {@code --input-files} equal
 * files, so Spark reads it in that many partitions without a shuffle, as it reads a large input. The
 * setups take turns for {@code --runs} rounds, so that a machine shared with other work slows them
 * alike; each Spark session first reads the input once untimed (the model is loaded and the JIT warm
 * from the plain runs before). Prints a Markdown table with the best and
 * the median run of each setup.
 */
@Command(
        name = "SparkBenchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Throughput of the plain tagger and of the Spark job on the same sentences, on this machine.")
public final class SparkBenchmark extends TaggerOptions implements Callable<Integer> {
    private static final String PLAIN = "plain tagger, 1 thread";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--model",
            paramLabel = "DIR",
            defaultValue = "testdata/danish-ner-mini",
            description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description =
                    "JSON Lines with a \"text\" field, or (with another extension than .json/.jsonl) one text per line.")
    Path input;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "10",
            description = "Repeat the input N times (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "3",
            description = "Rounds of timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--masters",
            paramLabel = "URL",
            split = ",",
            defaultValue = "local[1],local[2]",
            description = "Spark masters to compare (default: ${DEFAULT-VALUE}).")
    List<String> masters;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "2",
            description = "Threads of the multi-threaded plain-tagger run (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--rows-per-call",
            paramLabel = "N",
            defaultValue = "" + EntityRecognizer.DEFAULT_ROWS_PER_CALL,
            description = "Rows per tagger call (default: ${DEFAULT-VALUE}).")
    int rowsPerCall;

    @Option(
            names = "--input-files",
            paramLabel = "N",
            defaultValue = "4",
            description = "Files (so Spark partitions) the repeated input is written as (default: ${DEFAULT-VALUE}).")
    int inputFiles;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<String, List<Double>> times = new LinkedHashMap<>();
    private final Map<String, List<Double>> cpuTimes = new LinkedHashMap<>();

    /**
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBenchmark())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> texts = repeated(readTexts(input), repeat);
        RecognizerConfig config = configBuilder().intraOpThreads(1).build();
        Recognizer tagger = ExecutorTaggers.get(model, config);
        tagPlain(tagger, texts);
        Path directory = writeJsonLines(texts, inputFiles);
        for (int round = 0; round < runs; round++) {
            time(PLAIN, () -> tagPlain(tagger, texts));
            time("plain tagger, " + threads + " threads", () -> tagPlainParallel(tagger, texts));
            for (String master : masters) {
                timeSpark(master, directory, config);
            }
        }
        print(texts.size(), config);
        System.out.println("free cores, from pure arithmetic on 1 and on " + threads + " threads (" + threads
                + " if nothing else runs): " + format("%.2f", freeCores()));
        ExecutorTaggers.closeAll();
        return 0;
    }

    private void timeSpark(String master, Path directory, RecognizerConfig config) throws Exception {
        SparkSession spark = SparkSession.builder()
                .appName("bert-ner-benchmark")
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "localhost")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            EntityRecognizer recognizer = EntityRecognizer.builder()
                    .model(ModelSource.path(model.toString()))
                    .config(config)
                    .rowsPerCall(rowsPerCall)
                    .build();
            runSpark(spark, directory, UnaryOperator.identity());
            time(sparkSetup(master, false), () -> runSpark(spark, directory, UnaryOperator.identity()));
            time(sparkSetup(master, true), () -> runSpark(spark, directory, recognizer::transform));
        } finally {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }

    private static String sparkSetup(String master, boolean tag) {
        return "Spark " + master + (tag ? ", read + tag" : ", read only");
    }

    private static void runSpark(SparkSession spark, Path directory, UnaryOperator<Dataset<Row>> step) {
        Dataset<Row> input = spark.read().json(directory.toString());
        OrderedSpread.ifNeeded(input, 0, step)
                .write()
                .format("noop")
                .mode("overwrite")
                .save();
    }

    private void tagPlain(Recognizer tagger, List<String> texts) {
        for (int start = 0; start < texts.size(); start += rowsPerCall) {
            tagger.tag(texts.subList(start, Math.min(texts.size(), start + rowsPerCall)), entityTypes());
        }
    }

    private void tagPlainParallel(Recognizer tagger, List<String> texts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int start = 0; start < texts.size(); start += rowsPerCall) {
                List<String> chunk = texts.subList(start, Math.min(texts.size(), start + rowsPerCall));
                calls.add(pool.submit(() -> tagger.tag(chunk, entityTypes())));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void time(String setup, Run run) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long started = System.nanoTime();
        run.run();
        times.computeIfAbsent(setup, key -> new ArrayList<>()).add((System.nanoTime() - started) / 1e9);
        cpuTimes.computeIfAbsent(setup, key -> new ArrayList<>()).add((OS.getProcessCpuTime() - cpu) / 1e9);
    }

    private void print(int rows, RecognizerConfig config) {
        System.out.println(
                "| setup | rows | best (s) | median (s) | rows/s (best) | CPU µs/row (median) | cores busy (median) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        times.forEach((setup, seconds) -> System.out.println("| "
                + String.join(
                        " | ",
                        setup,
                        String.valueOf(rows),
                        format("%.2f", best(seconds)),
                        format("%.2f", median(seconds)),
                        format("%.0f", rows / best(seconds)),
                        format("%.0f", median(cpuTimes.get(setup)) * 1e6 / rows),
                        format("%.2f", median(cpuTimes.get(setup)) / median(seconds)))
                + " |"));
        System.out.println();
        String plainParallel = "plain tagger, " + threads + " threads";
        System.out.println(
                "speed-up of the plain tagger, " + threads + " threads / 1 thread: " + ratios(PLAIN, plainParallel));
        for (int i = 1; i < masters.size(); i++) {
            System.out.println("speed-up " + masters.get(i) + " / " + masters.get(0) + ": "
                    + ratios(sparkSetup(masters.get(0), true), sparkSetup(masters.get(i), true)));
        }
        String spark = sparkSetup(masters.get(0), true);
        double overhead = best(times.get(spark)) - best(times.get(PLAIN));
        double cpuOverhead = median(cpuTimes.get(spark)) - median(cpuTimes.get(PLAIN));
        System.out.println("Spark overhead per row, " + masters.get(0) + " against the plain tagger on 1 thread: "
                + format("%.0f", overhead * 1e6 / rows) + " µs of wall time (best runs, "
                + format("%.1f", 100 * overhead / best(times.get(PLAIN)))
                + " %), " + format("%.0f", cpuOverhead * 1e6 / rows) + " µs of CPU time (medians, "
                + format("%.1f", 100 * cpuOverhead / median(cpuTimes.get(PLAIN))) + " %)");
        System.out.println("(model " + model + ", " + rows + " rows in " + inputFiles + " files, rows per call "
                + rowsPerCall
                + ", batch size " + config.batchSize() + (config.memoryArena() ? "" : ", memory arena off")
                + ", 1 ONNX Runtime thread per task, " + Runtime.getRuntime().availableProcessors()
                + " cores, " + runs + " rounds; CPU time is the whole JVM's)");
    }

    /** How many cores this JVM gets: the same arithmetic on each of N threads, timed against one thread. */
    private double freeCores() throws Exception {
        timeArithmetic(threads);
        double one = best(List.of(timeArithmetic(1), timeArithmetic(1)));
        double many = best(List.of(timeArithmetic(threads), timeArithmetic(threads)));
        return threads * one / many;
    }

    private static double timeArithmetic(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            long started = System.nanoTime();
            List<Future<Double>> sums = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sums.add(pool.submit(SparkBenchmark::arithmetic));
            }
            for (Future<Double> sum : sums) {
                sum.get();
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    private static double arithmetic() {
        double sum = 0;
        for (long k = 0; k < 400_000_000L; k++) {
            sum += k % 7;
        }
        return sum;
    }

    private String ratios(String base, String faster) {
        return format("%.2f", best(times.get(base)) / best(times.get(faster))) + " (best runs), "
                + format("%.2f", median(times.get(base)) / median(times.get(faster))) + " (medians)";
    }

    private static double best(List<Double> seconds) {
        return Collections.min(seconds);
    }

    private static double median(List<Double> seconds) {
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static List<String> readTexts(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        if (!name.endsWith(".json") && !name.endsWith(".jsonl")) {
            return lines;
        }
        List<String> texts = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isBlank()) {
                texts.add(JSON.readTree(line).path("text").asText());
            }
        }
        return texts;
    }

    private static List<String> repeated(List<String> texts, int times) {
        List<String> all = new ArrayList<>(texts.size() * times);
        for (int i = 0; i < times; i++) {
            all.addAll(texts);
        }
        return Collections.unmodifiableList(all);
    }

    private static Path writeJsonLines(List<String> texts, int files) throws IOException {
        Path directory = Files.createTempDirectory("bert-ner-benchmark");
        int size = (texts.size() + files - 1) / files;
        for (int f = 0; f < files; f++) {
            List<String> lines = new ArrayList<>(size);
            for (String text :
                    texts.subList(Math.min(texts.size(), f * size), Math.min(texts.size(), (f + 1) * size))) {
                lines.add(JSON.writeValueAsString(Map.of("text", text)));
            }
            Path file = Files.write(directory.resolve("part-" + f + ".jsonl"), lines, StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
        }
        directory.toFile().deleteOnExit();
        return directory;
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }
}
