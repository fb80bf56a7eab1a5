package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.ModelLoadException;
import io.github.bertner.TestModels;
import java.io.IOException;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.tokenize.Tokenizer;
import opennlp.tools.tokenize.WhitespaceTokenizer;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An OpenNLP tokenizer feeding the finder, and the names mapped back to character offsets. */
@Tag("framework")
class TokenizerPipelineTest {
    private static BertNameFinder finder;

    @BeforeAll
    static void load() throws ModelLoadException {
        finder = BertNameFinder.load(TestModels.MINI);
    }

    @AfterAll
    static void close() {
        finder.close();
    }

    @Test
    void simpleTokenizerNamesMapToUtf16OffsetsAfterAnEmoji() {
        // SimpleTokenizer splits the emoji into its two UTF-16 halves; the names after it keep their place.
        String text = "\uD83D\uDE00 Jeg hedder Kasper Hansen og bor i København, hvor jeg arbejder for Novo Nordisk.";

        Found found = find(SimpleTokenizer.INSTANCE, text);

        assertThat(found.names())
                .containsExactly(new Span(4, 6, "PER"), new Span(9, 10, "LOC"), new Span(16, 17, "ORG"));
        assertThat(Span.spansToStrings(found.names(), found.tokens()))
                .containsExactly("Kasper Hansen", "København", "Nordisk");
        assertThat(found.characters())
                .containsExactly(new Span(14, 27, "PER"), new Span(37, 46, "LOC"), new Span(75, 82, "ORG"));
        assertThat(Span.spansToStrings(found.characters(), text))
                .containsExactly("Kasper Hansen", "København", "Nordisk");
        assertThat(found.characters()[0].getProb()).isEqualTo(found.names()[0].getProb());
    }

    @Test
    void simpleTokenizerSplitsHyphenatedNamesAndTheCharacterSpanCoversThemWhole() {
        String text = "Det var samme år, at Poul-Erik Billeskov kom til byen.";

        Found found = find(SimpleTokenizer.INSTANCE, text);

        assertThat(Span.spansToStrings(found.names(), found.tokens())).containsExactly("Poul - Erik Billeskov");
        assertThat(found.names()).containsExactly(new Span(6, 10, "PER"));
        assertThat(Span.spansToStrings(found.characters(), text)).containsExactly("Poul-Erik Billeskov");
    }

    @Test
    void whitespaceTokenizerWithTabsAndRunsOfSpaces() {
        String text = "Statsministeren har nu bedt sin departementschef ,\tPeter   Wiese ,  undersøge sagen ?";

        Found found = find(WhitespaceTokenizer.INSTANCE, text);

        assertThat(found.names()).containsExactly(new Span(7, 9, "PER"));
        assertThat(Span.spansToStrings(found.names(), found.tokens())).containsExactly("Peter Wiese");
        int start = text.indexOf("Peter");
        assertThat(found.characters()).containsExactly(new Span(start, start + "Peter   Wiese".length(), "PER"));
    }

    @Test
    void everyDaneTestSentenceRetokenizedGivesTheSameNamesAtTheirCharacters() throws IOException {
        for (String[] tokens : OpenNlpTestData.daneTestSentences()) {
            String text = String.join(" ", tokens);

            Found found = find(WhitespaceTokenizer.INSTANCE, text);

            assertThat(found.tokens()).containsExactly(tokens);
            assertThat(found.names()).containsExactly(finder.find(tokens));
            String[] byCharacters = Span.spansToStrings(found.characters(), text);
            String[] byTokens = Span.spansToStrings(found.names(), tokens);
            assertThat(byCharacters).containsExactly(byTokens);
        }
    }

    private static Found find(Tokenizer tokenizer, String text) {
        Span[] positions = tokenizer.tokenizePos(text);
        String[] tokens = Span.spansToStrings(positions, text);
        Span[] names = finder.find(tokens);
        return new Found(tokens, names, CharacterSpans.fromTokenSpans(names, positions));
    }

    private record Found(String[] tokens, Span[] names, Span[] characters) {}
}
