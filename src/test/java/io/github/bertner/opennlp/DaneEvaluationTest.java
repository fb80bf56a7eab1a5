package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.Aggregation;
import io.github.bertner.EntityTypes;
import io.github.bertner.TokenSpan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderEvaluator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The finder on all 565 DaNE test sentences, through OpenNLP's own evaluator. */
@Tag("parity")
class DaneEvaluationTest {
    private static List<NameSample> samples;
    private static List<String[]> sentences;

    @BeforeAll
    static void read() throws IOException {
        samples = OpenNlpTestData.daneTest();
        sentences = OpenNlpTestData.daneTestSentences();
    }

    /** The Hugging Face word-level reference for the test model (testdata/danish-ner-mini/SOURCE.md). */
    @ParameterizedTest
    @CsvSource({"FIRST, 0.392", "AVERAGE, 0.420", "MAX, 0.418"})
    void openNlpsEvaluatorGivesTheReferenceF1(Aggregation aggregation, String f1) throws IOException {
        try (BertNameFinder finder = OpenNlpTestData.finder(aggregation)) {
            TokenNameFinderEvaluator evaluator = new TokenNameFinderEvaluator(finder);
            evaluator.evaluate(ObjectStreamUtils.createObjectStream(samples));

            assertThat(String.format(
                            Locale.ROOT, "%.3f", evaluator.getFMeasure().getFMeasure()))
                    .isEqualTo(f1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Aggregation.class,
            names = {"FIRST", "SIMPLE"})
    void findGivesWhatTheTaggerGivesForEverySentence(Aggregation aggregation) throws IOException {
        try (BertNameFinder finder = OpenNlpTestData.finder(aggregation)) {
            List<String> mismatches = new ArrayList<>();
            int names = 0;
            for (int i = 0; i < sentences.size(); i++) {
                Span[] found = finder.find(sentences.get(i));
                List<TokenSpan> expected = finder.recognizer().tagTokens(sentences.get(i), EntityTypes.model());
                names += found.length;
                if (!describe(found).equals(describeTokenSpans(expected))) {
                    mismatches.add(i + ": " + describe(found) + " vs " + describeTokenSpans(expected));
                }
                assertSortedDisjointWithin(found, sentences.get(i).length);
            }
            assertThat(mismatches).isEmpty();
            assertThat(names).as("entities found in DaNE test").isGreaterThan(350);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Aggregation.class,
            names = {"FIRST", "AVERAGE"})
    void theBatchGivesWhatEachSentenceGives(Aggregation aggregation) throws IOException {
        try (BertNameFinder finder = OpenNlpTestData.finder(aggregation)) {
            List<Span[]> batch = finder.findAll(sentences);

            assertThat(batch).hasSize(sentences.size());
            for (int i = 0; i < sentences.size(); i++) {
                Span[] single = finder.find(sentences.get(i));
                assertThat(batch.get(i)).as("sentence %d", i).containsExactly(single);
                for (int k = 0; k < single.length; k++) {
                    assertThat(Math.abs(batch.get(i)[k].getProb() - single[k].getProb()))
                            .isLessThan(1e-5);
                }
            }
        }
    }

    private static void assertSortedDisjointWithin(Span[] spans, int tokenCount) {
        int taken = 0;
        for (Span span : spans) {
            assertThat(span.getStart()).isGreaterThanOrEqualTo(taken);
            assertThat(span.getEnd()).isGreaterThan(span.getStart()).isLessThanOrEqualTo(tokenCount);
            assertThat(span.getType()).isIn("PER", "LOC", "ORG");
            assertThat(span.getProb()).isBetween(0.0, 1.0);
            taken = span.getEnd();
        }
    }

    private static List<String> describe(Span[] spans) {
        List<String> out = new ArrayList<>();
        for (Span span : spans) {
            out.add(span.getType() + "[" + span.getStart() + "," + span.getEnd() + ") " + span.getProb());
        }
        return out;
    }

    private static List<String> describeTokenSpans(List<TokenSpan> spans) {
        List<String> out = new ArrayList<>();
        for (TokenSpan span : spans) {
            out.add(span.label() + "[" + span.start() + "," + span.end() + ") " + span.score());
        }
        return out;
    }
}
