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
    private int spans;

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

    @Override
    public void run(Workload workload) {
        int found = 0;
        for (String[] sentence : workload.sentences()) {
            Span[] result = finder.find(sentence);
            found += result.length;
        }
        spans = found;
    }

    /**
     * @return the spans found in the last pass
     */
    public int lastSpanCount() {
        return spans;
    }

    /**
     * Leaves the finder open: its {@code close()} closes the process-wide ONNX Runtime environment,
     * which the other rows still use.
     */
    @Override
    public void close() {
    }

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
