package io.github.bertner.opennlp;

import static io.github.bertner.TestModels.DANE_TEST;
import static io.github.bertner.TestModels.MINI;

import io.github.bertner.Aggregation;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opennlp.tools.namefind.NameSample;

/** Test data inside the repository (the tests run from the project root). */
final class OpenNlpTestData {
    /** DaNE has MISC; the test model does not, so evaluation drops gold MISC. */
    static final Map<String, String> WITHOUT_MISC = Map.of("MISC", ConllNameSampleStream.OUTSIDE);

    private OpenNlpTestData() {}

    static BertNameFinder finder(Aggregation aggregation) throws ModelLoadException {
        return BertNameFinder.load(
                MINI, RecognizerConfig.builder().aggregation(aggregation).build());
    }

    static List<NameSample> daneTest() throws IOException {
        List<NameSample> samples = new ArrayList<>();
        try (ConllNameSampleStream stream = ConllNameSampleStream.open(DANE_TEST, WITHOUT_MISC)) {
            for (NameSample sample = stream.read(); sample != null; sample = stream.read()) {
                samples.add(sample);
            }
        }
        return samples;
    }

    static List<String[]> daneTestSentences() throws IOException {
        List<String[]> sentences = new ArrayList<>();
        for (NameSample sample : daneTest()) {
            sentences.add(sample.getSentence());
        }
        return sentences;
    }
}
