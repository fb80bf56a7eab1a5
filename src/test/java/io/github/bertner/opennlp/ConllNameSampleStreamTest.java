package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.TestModels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.util.InvalidFormatException;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The CoNLL BIO reader: conlleval span rules, type mapping, documents and errors. */
@Tag("unit")
class ConllNameSampleStreamTest {

    @Test
    void bioLabelsBecomeTokenIndexSpans() throws IOException {
        List<NameSample> samples =
                read(Map.of(), "Anne\tB-PER", "Birgitte\tI-PER", "Lundholt\tI-PER", "i\tO", "Rusland\tB-LOC", ".\tO");

        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).getSentence()).containsExactly("Anne", "Birgitte", "Lundholt", "i", "Rusland", ".");
        assertThat(samples.get(0).getNames()).containsExactly(new Span(0, 3, "PER"), new Span(4, 5, "LOC"));
    }

    @Test
    void anInsideLabelAfterOutsideOrAnotherTypeStartsANewEntity() throws IOException {
        NameSample sample = read(
                        Map.of(), "a\tI-PER", "b\tO", "c\tI-PER", "d\tI-LOC", "e\tB-LOC", "f\tB-LOC", "g\tI-LOC")
                .get(0);

        assertThat(sample.getNames())
                .containsExactly(
                        new Span(0, 1, "PER"),
                        new Span(2, 3, "PER"),
                        new Span(3, 4, "LOC"),
                        new Span(4, 5, "LOC"),
                        new Span(5, 7, "LOC"));
    }

    @Test
    void aTypeMappedToOutsideIsDroppedBeforeEntitiesAreFormed() throws IOException {
        NameSample sample = read(
                        OpenNlpTestData.WITHOUT_MISC,
                        "russiske\tB-MISC",
                        "historikere\tI-MISC",
                        "Igor\tB-PER",
                        "Klamkin\tI-PER",
                        "x\tI-MISC")
                .get(0);

        assertThat(sample.getNames()).containsExactly(new Span(2, 4, "PER"));
    }

    @Test
    void aTypeMappedToAnotherIsRenamedAndMayJoinIt() throws IOException {
        NameSample sample = read(Map.of("PERSON", "PER"), "Igor\tB-PER", "Klamkin\tI-PERSON", "ja\tO")
                .get(0);

        assertThat(sample.getNames()).containsExactly(new Span(0, 2, "PER"));
    }

    @Test
    void blankLinesSeparateSentencesAndDocumentStartsClearAdaptiveData() throws IOException {
        List<NameSample> samples = read(
                Map.of(),
                "-DOCSTART- -X- O O",
                "",
                "EU NNP B-NP B-ORG",
                "rejects VBZ B-VP O",
                "",
                "  ",
                "",
                "Peter NNP B-NP B-PER",
                "-DOCSTART- -X- O O",
                "Blackburn NNP B-NP B-LOC");

        assertThat(samples)
                .extracting(s -> String.join(" ", s.getSentence()))
                .containsExactly("EU rejects", "Peter", "Blackburn");
        assertThat(samples).extracting(NameSample::isClearAdaptiveDataSet).containsExactly(true, false, true);
        assertThat(samples.get(0).getNames()).containsExactly(new Span(0, 1, "ORG"));
        assertThat(samples.get(2).getNames()).containsExactly(new Span(0, 1, "LOC"));
    }

    @Test
    void badLinesAreReportedWithTheirLineNumber() {
        assertThatThrownBy(() -> read(Map.of(), "a\tO", "", "b\tB-PER", "c\tPER"))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("'PER'");
        assertThatThrownBy(() -> read(Map.of(), "a\tO", "lonely"))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> read(Map.of(), "a\tS-PER"))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void resetStartsAgain() throws IOException {
        try (ConllNameSampleStream stream =
                new ConllNameSampleStream(ObjectStreamUtils.createObjectStream("-DOCSTART-", "a\tB-PER", "", "b\tO"))) {
            NameSample first = stream.read();
            stream.read();
            assertThat(stream.read()).isNull();
            stream.reset();
            assertThat(stream.read()).isEqualTo(first);
        }
    }

    @Test
    void invalidMappingsAreRejected() {
        Map<String, String> empty = new HashMap<>();
        empty.put("MISC", "");

        assertThatThrownBy(() -> new ConllNameSampleStream(ObjectStreamUtils.createObjectStream("a\tO"), empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MISC");
        assertThatThrownBy(() -> new ConllNameSampleStream(null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lines");
    }

    @Test
    void daneTestHasItsKnownSizesWithMiscDropped() throws IOException {
        List<NameSample> samples = OpenNlpTestData.daneTest();

        assertThat(samples).hasSize(565);
        assertThat(samples.stream().mapToInt(s -> s.getSentence().length).sum()).isEqualTo(10_023);
        assertThat(countTypes(samples)).isEqualTo(Map.of("LOC", 96, "ORG", 161, "PER", 180));
    }

    @Test
    void daneTestKeepsMiscWithoutAMapping() throws IOException {
        List<NameSample> samples = new ArrayList<>();
        try (ConllNameSampleStream stream = ConllNameSampleStream.open(TestModels.DANE_TEST, Map.of())) {
            for (NameSample sample = stream.read(); sample != null; sample = stream.read()) {
                samples.add(sample);
            }
        }

        assertThat(countTypes(samples)).isEqualTo(Map.of("LOC", 96, "MISC", 121, "ORG", 161, "PER", 180));
        assertThat(Span.spansToStrings(samples.get(0).getNames(), samples.get(0).getSentence()))
                .containsExactly("russiske", "Andronik Mirganjan", "Igor Klamkin", "Rusland");
    }

    private static Map<String, Integer> countTypes(List<NameSample> samples) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NameSample sample : samples) {
            for (Span name : sample.getNames()) {
                counts.merge(name.getType(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static List<NameSample> read(Map<String, String> mapping, String... lines) throws IOException {
        List<NameSample> samples = new ArrayList<>();
        try (ConllNameSampleStream stream =
                new ConllNameSampleStream(ObjectStreamUtils.createObjectStream(lines), mapping)) {
            for (NameSample sample = stream.read(); sample != null; sample = stream.read()) {
                samples.add(sample);
            }
        }
        return samples;
    }
}
