package io.github.bertner.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.dl.namefinder.NameFinderDL;
import opennlp.tools.sentdetect.SentenceDetector;
import opennlp.tools.util.Span;

/** OpenNLP's own ONNX name finder ({@code opennlp-dl}) on the same model, one sentence per call as its API works. */
public final class NameFinderDlRow implements BenchRow {
    private final NameFinderDL finder;
    private int failures;
    private String firstFailure;

    /**
     * @param model the ONNX file
     * @param vocabulary the model's {@code vocab.txt}
     * @param labels the model's labels, by id
     * @throws Exception if OpenNLP cannot load the model
     */
    public NameFinderDlRow(Path model, Path vocabulary, List<String> labels) throws Exception {
        Map<Integer, String> ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.put(i, labels.get(i));
        }
        finder = new NameFinderDL(model.toFile(), vocabulary.toFile(), ids, new WholeTextSentenceDetector());
    }

    @Override
    public String name() {
        return "OpenNLP NameFinderDL";
    }

    /**
     * Runs every sentence; a sentence on which {@code NameFinderDL} throws (it rebuilds entity text as a
     * regular expression, so a name like {@code ?} breaks it) counts as a failure, reported by
     * {@link #failures()}, and the run goes on.
     */
    @Override
    public void run(Workload workload) {
        int failed = 0;
        for (String[] sentence : workload.sentences()) {
            try {
                finder.find(sentence);
            } catch (RuntimeException e) {
                failed++;
                firstFailure =
                        firstFailure == null ? e.getClass().getSimpleName() + ": " + e.getMessage() : firstFailure;
            }
        }
        failures = failed;
    }

    /**
     * @return how many sentences of the last pass threw, and the first error; empty when none did
     */
    public String failures() {
        return failures == 0
                ? ""
                : failures + " sentences failed, first: "
                        + firstFailure.lines().findFirst().orElse("");
    }

    /**
     * Leaves the finder open: its {@code close()} closes the process-wide ONNX Runtime environment,
     * which the other rows still use.
     */
    @Override
    public void close() {}

    /** Each call's tokens are one sentence already. */
    private static final class WholeTextSentenceDetector implements SentenceDetector {
        @Override
        public String[] sentDetect(CharSequence text) {
            return new String[] {text.toString()};
        }

        @Override
        public Span[] sentPosDetect(CharSequence text) {
            return new Span[] {new Span(0, text.length())};
        }
    }
}
