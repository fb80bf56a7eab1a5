import io.github.bertner.train.LabeledSentence;
import io.github.bertner.train.Trainer;
import io.github.bertner.train.TrainingJob;
import io.github.bertner.train.TrainingListener;
import io.github.bertner.train.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bert-ner side of scripts/training-benchmark.sh: fine-tunes a checkpoint with bert-ner's Trainer (the model's
 * own dropout, AdamW, clipping, linear schedule) on CoNLL sentences in file order, and prints one JSON line: the
 * tokens (non-padding sub-tokens) and seconds of each step, and the process's peak resident memory (VmHWM).
 *
 *     java -cp target/bert-ner-cli.jar scripts/TrainingBenchmark.java CHECKPOINT DATA.conll BATCH STEPS THREADS OUT
 */
public class TrainingBenchmark {
    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        int batch = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        List<LabeledSentence> data = read(Path.of(args[1]), batch * steps);
        List<Long> stepNanos = new ArrayList<>();
        long[] last = {System.nanoTime()};
        TrainingListener timer = new TrainingListener() {
            @Override
            public void step(long step, long total, double epoch, double loss, double norm, double rate) {
                long now = System.nanoTime();
                stepNanos.add(now - last[0]);
                last[0] = now;
            }
        };
        TrainingSettings settings = TrainingSettings.builder()
                .epochs(1)
                .batchSize(batch)
                .shuffle(false)
                .keepLast(true)
                .threads(threads)
                .build();
        last[0] = System.nanoTime();
        Trainer.run(new TrainingJob(checkpoint, data, List.of(), Path.of(args[5]), settings, false, true), timer,
                () -> false);
        StringBuilder json = new StringBuilder("{\"engine\": \"bert-ner\", \"step_seconds\": [");
        for (int i = 0; i < stepNanos.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(stepNanos.get(i) / 1e9);
        }
        json.append("], \"peak_rss_bytes\": ").append(peakResident()).append('}');
        System.out.println(json);
    }

    private static List<LabeledSentence> read(Path file, int count) throws Exception {
        List<LabeledSentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isEmpty()) {
                if (!words.isEmpty() && sentences.size() < count) {
                    sentences.add(new LabeledSentence(
                            words.toArray(String[]::new), labels.toArray(String[]::new), file.toString(), 0));
                }
                words.clear();
                labels.clear();
            } else {
                String[] columns = line.split("\t");
                words.add(columns[0]);
                labels.add(columns[columns.length - 1]);
            }
        }
        return sentences;
    }

    private static long peakResident() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
