package io.github.bertner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bertner.convert.TrainingGraph;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sentences become training sequences as run_ner.py makes them, and long ones are split between words. */
@Tag("framework")
class ExampleEncoderTest {
    private static final Path BERT = Path.of("testdata/architectures/bert");

    private static List<Example> encode(LabeledSentence sentence, int maxPositions) throws Exception {
        TrainingLabels labels = TrainingLabels.of(List.of("O", "B-PER", "I-PER"), false);
        try (SubwordEncoder tokenizer = new SubwordEncoder(TokenizerDefinition.of(BERT))) {
            return new ExampleEncoder(tokenizer, maxPositions, labels).encode(sentence);
        }
    }

    private static long labelled(Example example) {
        return Arrays.stream(example.labels())
                .filter(label -> label != TrainingGraph.IGNORED)
                .count();
    }

    @Test
    void eachWordsLabelGoesOnItsFirstSubTokenAndSpecialsAreIgnored() throws Exception {
        LabeledSentence sentence = new LabeledSentence(
                new String[] {"Kjeld", "Christensen", "gik"}, new String[] {"B-PER", "I-PER", "O"}, "test", 1);
        List<Example> examples = encode(sentence, 512);
        assertEquals(1, examples.size());
        long[] labels = examples.get(0).labels();
        assertEquals(TrainingGraph.IGNORED, labels[0], "[CLS]");
        assertEquals(TrainingGraph.IGNORED, labels[labels.length - 1], "[SEP]");
        assertEquals(1, labels[1], "B-PER on the first sub-token of Kjeld");
        assertEquals(3, labelled(examples.get(0)), "one label per word");
    }

    @Test
    void aSentenceLongerThanTheModelIsSplitBetweenWordsAndNoWordIsLost() throws Exception {
        List<String> words = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            words.add(i % 3 == 0 ? "Christensen" : "gik");
            labels.add(i % 3 == 0 ? "B-PER" : "O");
        }
        LabeledSentence sentence =
                new LabeledSentence(words.toArray(String[]::new), labels.toArray(String[]::new), "test", 1);
        List<Example> examples = encode(sentence, 64);
        assertTrue(examples.size() > 1, "split");
        long total = 0;
        for (Example example : examples) {
            assertTrue(example.ids().length <= 64, "fits: " + example.ids().length);
            assertTrue(labelled(example) > 0);
            assertTrue(example.labels()[1] != TrainingGraph.IGNORED, "each piece starts with a word");
            total += labelled(example);
        }
        assertEquals(300, total, "every word trained on exactly once");
    }
}
