import io.github.bertner.EntityTypes;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.bench.RawOnnxRuntimeRow;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import io.github.bertner.tagger.Tagger;
import java.io.BufferedReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the tagger adds to ONNX Runtime, measured in one process: the tagger's host-token call on the DaNE test
 * sentences (tokens, windows, batches, runs, logits, alignment, entities) against raw ONNX Runtime on exactly the
 * batches that call runs (RawOnnxRuntimeRow, tensors built, nothing read back), alternating, the order swapped every
 * round, so that a noisy machine slows both alike. Both first alternate for a warm-up of 30 s (--warm-up SECONDS):
 * on two cores, ONNX Runtime's threads keep both cores busy, and the JIT compiler threads get so little of them that
 * code run once per call (planning batches, the call's loops) is still interpreted after tens of passes. Prints the
 * median of each round's ratio (raw time over the tagger's: 1 is a tagger that adds nothing), its quartiles, the
 * median of the rounds where each went first, the medians of both times, and how long the JIT compiled during the
 * rounds (near 0 ms: the rounds measured compiled code).
 *
 * Run: mvn -B -q package -DskipTests && java -cp target/bert-ner-cli.jar scripts/TaggerOverhead.java [MODEL] [ROUNDS] [--quantized] [--warm-up SECONDS]
 */
public class TaggerOverhead {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "testdata/danish-ner-mini");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean quantized = Arrays.asList(args).contains("--quantized");
        int warmUp = Arrays.asList(args).indexOf("--warm-up");
        long warmUpSeconds = warmUp < 0 ? 30 : Long.parseLong(args[warmUp + 1]);
        List<String[]> sentences = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(Path.of("testdata/dane/ddt.test.bio.tsv"))) {
            for (ConllSentence sentence : ConllReader.readAll(reader::readLine)) {
                sentences.add(sentence.tokens());
            }
        }
        RecognizerConfig config = RecognizerConfig.builder().quantized(quantized).build();
        try (Tagger tagger = Tagger.loadDirectory(model, config)) {
            RawOnnxRuntimeRow raw = new RawOnnxRuntimeRow(
                    tagger.info().onnxModel(), config, tagger.inferenceBatches(sentences), "raw ONNX Runtime");
            try {
                int warmUpPasses = 0;
                for (long end = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
                        warmUpPasses < 5 || System.nanoTime() < end;
                        warmUpPasses++) {
                    raw.run(null);
                    tagger.tagTokens(sentences, EntityTypes.model());
                }
                CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
                long compiledBefore = jit.getTotalCompilationTime();
                double[] rawMs = new double[rounds];
                double[] taggerMs = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    if (round % 2 == 0) {
                        rawMs[round] = time(() -> raw.run(null));
                        taggerMs[round] = time(() -> tagger.tagTokens(sentences, EntityTypes.model()));
                    } else {
                        taggerMs[round] = time(() -> tagger.tagTokens(sentences, EntityTypes.model()));
                        rawMs[round] = time(() -> raw.run(null));
                    }
                }
                report(model, quantized, rawMs, taggerMs);
                System.out.printf("warm-up %d passes of each; the JIT compiled for %d ms during the rounds%n",
                        warmUpPasses, jit.getTotalCompilationTime() - compiledBefore);
            } finally {
                raw.close();
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static void report(Path model, boolean quantized, double[] rawMs, double[] taggerMs) {
        int rounds = rawMs.length;
        double[] ratios = new double[rounds];
        double[] rawFirst = new double[(rounds + 1) / 2];
        double[] taggerFirst = new double[rounds / 2];
        for (int round = 0; round < rounds; round++) {
            ratios[round] = rawMs[round] / taggerMs[round];
            if (round % 2 == 0) {
                rawFirst[round / 2] = ratios[round];
            } else {
                taggerFirst[round / 2] = ratios[round];
            }
        }
        System.out.printf("%s, %s, %d rounds: tagger %.3f of raw ONNX Runtime (quartiles %.3f to %.3f); "
                        + "raw first %.3f, tagger first %.3f; medians %.1f ms raw, %.1f ms tagger%n",
                model, quantized ? "int8" : "fp32", rounds, quantile(ratios, 0.5), quantile(ratios, 0.25),
                quantile(ratios, 0.75), quantile(rawFirst, 0.5), quantile(taggerFirst, 0.5), quantile(rawMs, 0.5),
                quantile(taggerMs, 0.5));
    }

    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
