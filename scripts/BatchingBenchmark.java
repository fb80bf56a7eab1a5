import io.github.bertner.RecognizerConfig;
import io.github.bertner.bench.RawOnnxRuntimeRow;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import io.github.bertner.runtime.BatchModel;
import io.github.bertner.runtime.BatchRows;
import io.github.bertner.runtime.BatchRunner;
import io.github.bertner.tagger.Tagger;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How batches are cut, measured on the model's own time: the DaNE test sentences' id sequences (as the tagger makes
 * them) cut by the rule bert-ner uses (BatchRunner: the least cost of runs and padded positions), with several
 * sequences packed into a row as for graphs bert-ner converts and with one a row as for exported graphs, and by the two
 * greedy rules it used before (cut where padding would pass 5 % or 25 %), each run through ONNX Runtime alone; rules
 * alternate within every round. Two workloads: the whole file in one call (offline: tag, findAll) and groups of 32
 * consecutive sentences planned one group at a time (what 32 concurrent clients of serve, one sentence per request,
 * bring to one batch). A third workload tries the one thing a server could do beside cutting: carry a group's poorly
 * padded batches over to the next group (the least-cost cut of the waiting sentences; a batch runs when at least
 * 0.95 of its positions are real or when one of its sentences has waited 4 groups; the sentences of the batches that
 * ran are replaced by the next ones, so that 32 are always waiting, as with 32 clients). Prints, per rule and
 * workload, the padding efficiency, the runs and the median words/s with its spread.
 *
 * The packed rule needs a graph that packs: convert one first (bert-ner convert --model testdata/danish-ner-mini-hf
 * --output DIR --quantize). ROUNDS 0 prints only the padding efficiencies and runs.
 *
 * Run: mvn -B -q package -DskipTests && java -cp target/bert-ner-cli.jar scripts/BatchingBenchmark.java [MODEL] [ROUNDS] [--quantized]
 */
public class BatchingBenchmark {
    static final int BATCH_SIZE = 32;
    static final int CLIENTS = 32;
    static final double CARRY_BELOW = 0.95;
    static final int MOST_GROUPS_WAITED = 4;

    interface Rule {
        List<BatchRows<long[]>> cut(List<long[]> sequences);
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "testdata/danish-ner-mini");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        boolean quantized = Arrays.asList(args).contains("--quantized");
        RecognizerConfig config = RecognizerConfig.defaults().toBuilder().quantized(quantized).build();
        List<String[]> sentences = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(Path.of("testdata/dane/ddt.test.bio.tsv"))) {
            for (ConllSentence sentence : ConllReader.readAll(reader::readLine)) {
                sentences.add(sentence.tokens());
            }
        }
        int words = sentences.stream().mapToInt(s -> s.length).sum();
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("least cost, packed (bert-ner)", sequences -> leastCost(sequences, true));
        rules.put("least cost, one a row", sequences -> leastCost(sequences, false));
        rules.put("greedy, 5 % padding", sequences -> greedy(sequences, 0.95));
        rules.put("greedy, 25 % padding", sequences -> greedy(sequences, 0.75));
        try (Tagger tagger = Tagger.loadDirectory(model, config)) {
            List<long[]> sequences = new ArrayList<>();
            for (String[] sentence : sentences) {
                tagger.inferenceBatches(List.<String[]>of(sentence)).forEach(batch -> sequences.addAll(batch.inputs()));
            }
            Map<String, RawOnnxRuntimeRow> rows = new LinkedHashMap<>();
            Map<String, List<Double>> times = new LinkedHashMap<>();
            List<String> workloads = List.of("offline", "serve", "serve, carrying");
            for (Map.Entry<String, Rule> rule : rules.entrySet()) {
                for (String workload : workloads) {
                    List<BatchRows<long[]>> batches = switch (workload) {
                        case "offline" -> rule.getValue().cut(sequences);
                        case "serve" -> groupsOf(sequences, CLIENTS, rule.getValue());
                        default -> carrying(sequences, CLIENTS, rule.getValue());
                    };
                    String name = workload + ": " + rule.getKey();
                    rows.put(name, new RawOnnxRuntimeRow(tagger.info().onnxModel(), config, batches, name));
                    System.out.printf("%-40s padding efficiency %.3f, %d runs%n", name,
                            efficiency(batches), batches.size());
                    times.put(name, new ArrayList<>());
                }
            }
            for (RawOnnxRuntimeRow row : rows.values()) {
                row.run(null);
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, RawOnnxRuntimeRow> row : rows.entrySet()) {
                    long start = System.nanoTime();
                    row.getValue().run(null);
                    times.get(row.getKey()).add(words / ((System.nanoTime() - start) / 1e9));
                }
            }
            System.out.printf("%s, %s, %d words, %d rounds, batch size %d%n",
                    model, quantized ? "int8" : "fp32", words, rounds, BATCH_SIZE);
            for (Map.Entry<String, List<Double>> time : rounds == 0 ? Map.<String, List<Double>>of().entrySet() : times.entrySet()) {
                List<Double> sorted = time.getValue().stream().sorted().toList();
                double median = sorted.get(sorted.size() / 2);
                System.out.printf("%-40s %10.1f words/s  spread %5.1f %%%n", time.getKey(), median,
                        100 * (sorted.get(sorted.size() - 1) - sorted.get(0)) / median);
            }
            for (RawOnnxRuntimeRow row : rows.values()) {
                row.close();
            }
        }
    }

    static List<BatchRows<long[]>> leastCost(List<long[]> sequences, boolean packs) {
        BatchModel<long[]> plan = new BatchModel<>() {
            @Override
            public float[][] run(List<long[]> batch) {
                throw new AssertionError();
            }

            @Override
            public boolean packs() {
                return packs;
            }
        };
        try (BatchRunner<long[]> runner = new BatchRunner<>(plan, s -> s.length, BATCH_SIZE, 1)) {
            return runner.batches(sequences);
        }
    }

    /** Each sequence in a row of its own. */
    static BatchRows<long[]> oneARow(List<long[]> batch) {
        return new BatchRows<>(batch.stream().map(List::of).toList());
    }

    static List<BatchRows<long[]>> greedy(List<long[]> sequences, double minEfficiency) {
        List<long[]> sorted = sequences.stream().sorted(Comparator.comparingInt(s -> s.length)).toList();
        List<BatchRows<long[]>> batches = new ArrayList<>();
        int from = 0;
        long real = 0;
        for (int k = 0; k < sorted.size(); k++) {
            int size = sorted.get(k).length;
            int count = k - from;
            if (count == BATCH_SIZE
                    || (count > 0 && (double) (real + size) / ((long) (count + 1) * size) < minEfficiency)) {
                batches.add(oneARow(sorted.subList(from, k)));
                from = k;
                real = 0;
            }
            real += size;
        }
        batches.add(oneARow(sorted.subList(from, sorted.size())));
        return batches;
    }

    /**
     * Groups of {@code size} waiting sentences, each cut by the rule; batches less than {@link #CARRY_BELOW} real
     * wait for the next group, unless one of their sentences has waited {@link #MOST_GROUPS_WAITED} groups or no
     * sentence is left to come (where none would run, the best padded one runs: a server does not wait idle); each
     * sentence that ran is replaced by the next one.
     */
    static List<BatchRows<long[]>> carrying(List<long[]> sequences, int size, Rule rule) {
        List<BatchRows<long[]>> batches = new ArrayList<>();
        List<long[]> waiting = new ArrayList<>();
        Map<long[], Integer> arrived = new IdentityHashMap<>();
        int next = 0;
        for (int group = 0; next < sequences.size() || !waiting.isEmpty(); group++) {
            while (waiting.size() < size && next < sequences.size()) {
                long[] sentence = sequences.get(next++);
                waiting.add(sentence);
                arrived.put(sentence, group);
            }
            int groupNow = group;
            boolean noneToCome = next == sequences.size();
            List<BatchRows<long[]>> cut = rule.cut(waiting);
            List<BatchRows<long[]>> running = cut.stream()
                    .filter(batch -> efficiency(List.of(batch)) >= CARRY_BELOW
                            || batch.inputs().stream().anyMatch(s -> groupNow - arrived.get(s) >= MOST_GROUPS_WAITED)
                            || noneToCome)
                    .toList();
            if (running.isEmpty()) {
                running = List.of(cut.stream()
                        .max(Comparator.comparingDouble(batch -> efficiency(List.of(batch))))
                        .orElseThrow());
            }
            for (BatchRows<long[]> batch : running) {
                batches.add(batch);
                batch.inputs().forEach(s -> waiting.removeIf(w -> w == s));
            }
        }
        return batches;
    }

    /** Real over padded positions of the batches. */
    static double efficiency(List<BatchRows<long[]>> batches) {
        long[] positions = RawOnnxRuntimeRow.positions(batches);
        return (double) positions[0] / positions[1];
    }

    static List<BatchRows<long[]>> groupsOf(List<long[]> sequences, int size, Rule rule) {
        List<BatchRows<long[]>> batches = new ArrayList<>();
        for (int from = 0; from < sequences.size(); from += size) {
            batches.addAll(rule.cut(sequences.subList(from, Math.min(sequences.size(), from + size))));
        }
        return batches;
    }
}
