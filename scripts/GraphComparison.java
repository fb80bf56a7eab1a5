import io.github.bertner.RecognizerConfig;
import io.github.bertner.bench.RawOnnxRuntimeRow;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.runtime.BatchRows;
import io.github.bertner.tagger.Tagger;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two graphs of one model on the same batches, ONNX Runtime alone: the DaNE test sentences batched as the first
 * model's tagger batches them (one sequence a row, whether or not its graph packs), both graphs run on exactly those
 * tensors, alternating, the order swapped every round. For checking that a change to the converter's graphs costs
 * nothing where nothing is packed: convert the same checkpoint with the jar before and after the change. Prints the
 * median of each round's ratio (the first graph's time over the second's: above 1, the second is faster), its
 * quartiles, and both medians.
 *
 * Run: mvn -B -q package -DskipTests && java -cp target/bert-ner-cli.jar scripts/GraphComparison.java MODEL_A MODEL_B [ROUNDS] [--quantized]
 */
public class GraphComparison {
    public static void main(String[] args) throws Exception {
        Path first = Path.of(args[0]);
        Path second = Path.of(args[1]);
        int rounds = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 20;
        boolean quantized = Arrays.asList(args).contains("--quantized");
        List<String[]> sentences = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(Path.of("testdata/dane/ddt.test.bio.tsv"))) {
            for (ConllSentence sentence : ConllReader.readAll(reader::readLine)) {
                sentences.add(sentence.tokens());
            }
        }
        RecognizerConfig config = RecognizerConfig.builder().quantized(quantized).build();
        List<BatchRows<long[]>> batches = new ArrayList<>();
        try (Tagger tagger = Tagger.loadDirectory(first, config)) {
            for (BatchRows<long[]> batch : tagger.inferenceBatches(sentences)) {
                batches.add(new BatchRows<>(batch.inputs().stream().map(List::of).toList()));
            }
        }
        String file = quantized ? ModelFiles.QUANTIZED_ONNX : ModelFiles.MODEL_ONNX;
        try (RawOnnxRuntimeRow a = new RawOnnxRuntimeRow(first.resolve(file), config, batches, "first");
                RawOnnxRuntimeRow b = new RawOnnxRuntimeRow(second.resolve(file), config, batches, "second")) {
            a.run(null);
            b.run(null);
            double[] aMs = new double[rounds];
            double[] bMs = new double[rounds];
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                if (round % 2 == 0) {
                    aMs[round] = time(a);
                    bMs[round] = time(b);
                } else {
                    bMs[round] = time(b);
                    aMs[round] = time(a);
                }
                ratios[round] = aMs[round] / bMs[round];
            }
            Arrays.sort(ratios);
            System.out.printf("%s vs %s, %s, %d rounds: first/second median %.3f (quartiles %.3f-%.3f); first %.1f ms, second %.1f ms%n",
                    first, second, quantized ? "int8" : "fp32", rounds, ratios[rounds / 2], ratios[rounds / 4],
                    ratios[3 * rounds / 4], median(aMs), median(bMs));
        }
    }

    static double time(RawOnnxRuntimeRow row) throws Exception {
        long start = System.nanoTime();
        row.run(null);
        return (System.nanoTime() - start) / 1e6;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
