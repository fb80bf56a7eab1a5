package io.github.bertner.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ArchitectureFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WordEncodingsTest {

    static List<String> architectures() {
        return ArchitectureFixtures.NAMES;
    }

    /**
     * Each sentence encoded by a tokenizer that has seen none of its words (the tokenizers library on the whole
     * sentence) against the same sentence encoded from kept words, seen first elsewhere: at the start of another
     * sentence, in the middle, repeated.
     */
    @ParameterizedTest
    @MethodSource("architectures")
    void keptWordsEncodeAsTheWholeSentenceDoes(String name) throws Exception {
        TokenizerDefinition definition = TokenizerDefinition.of(ArchitectureFixtures.ARCHITECTURES.resolve(name));
        List<String[]> sentences = sentences(ArchitectureFixtures.expected(name).get("sentences"));
        List<String[]> shuffled = new ArrayList<>();
        for (String[] sentence : sentences) {
            String[] rotated = new String[sentence.length + 1];
            for (int i = 0; i < sentence.length; i++) {
                rotated[i] = sentence[(i + 1) % sentence.length];
            }
            rotated[sentence.length] = sentence[0];
            shuffled.add(rotated);
        }
        try (SubwordEncoder kept = new SubwordEncoder(definition)) {
            shuffled.forEach(kept::encodeWords);
            for (String[] sentence : sentences) {
                Subwords fromKept = kept.encodeWords(sentence);
                try (SubwordEncoder fresh = new SubwordEncoder(definition)) {
                    Subwords whole = fresh.encodeWords(sentence);
                    assertThat(fromKept.ids()).as(String.join(" ", sentence)).containsExactly(whole.ids());
                    assertThat(fromKept.wordIds()).containsExactly(whole.wordIds());
                }
            }
        }
    }

    private static List<String[]> sentences(JsonNode array) {
        List<String[]> sentences = new ArrayList<>();
        for (JsonNode sentence : array) {
            List<String> words = new ArrayList<>();
            sentence.forEach(word -> words.add(word.asText()));
            sentences.add(words.toArray(String[]::new));
        }
        return sentences;
    }
}
