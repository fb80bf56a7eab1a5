package io.github.bertner.uima;

import static io.github.bertner.TestModels.MINI;
import static io.github.bertner.uima.UimaTestSupport.engine;
import static io.github.bertner.uima.UimaTestSupport.entities;
import static io.github.bertner.uima.UimaTestSupport.golden;
import static io.github.bertner.uima.UimaTestSupport.segmented;
import static io.github.bertner.uima.UimaTestSupport.whitespaceTokenized;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.TestModels;
import io.github.bertner.TokenSpan;
import io.github.bertner.tagger.Tagger;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.Feature;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine on CASes made with a whitespace tokenizer (DKPro Core's RegexSegmenter: one sentence per line). */
@Tag("framework")
class BertNamedEntityRecognizerTest {
    private static final String THREE_SENTENCES = """
            Jens Peter Hansen kommer fra Danmark
            Chili Jensen bor i København og arbejder for Novo Nordisk
            Anders Fogh Rasmussen blev generalsekretær i NATO""";

    private static Tagger tagger;
    private static AnalysisEngine engine;

    @BeforeAll
    static void load() throws Exception {
        tagger = TestModels.tagger(MINI);
        engine = createEngine(engine(BertNamedEntityRecognizer.PARAM_SCORE_FEATURE, "score"));
    }

    @AfterAll
    static void close() {
        engine.destroy();
        tagger.close();
    }

    @Test
    void findsEntitiesOverWholeTokens() throws Exception {
        JCas jcas = whitespaceTokenized(THREE_SENTENCES);
        engine.process(jcas);

        assertThat(entities(jcas))
                .containsExactly(
                        "[ 0, 17]NamedEntity(PER) (Jens Peter Hansen)",
                        "[29, 36]NamedEntity(LOC) (Danmark)",
                        "[37, 49]NamedEntity(PER) (Chili Jensen)",
                        "[56, 65]NamedEntity(LOC) (København)",
                        "[87, 94]NamedEntity(ORG) (Nordisk)",
                        "[95,116]NamedEntity(PER) (Anders Fogh Rasmussen)",
                        "[140,144]NamedEntity(ORG) (NATO)");
        assertThat(entities(jcas)).containsExactlyElementsOf(fromCoreTagger(THREE_SENTENCES));
    }

    @Test
    void offsetsAreUtf16CodeUnitsAfterAnEmoji() throws Exception {
        String text = "Hej 😀 Jens Peter Hansen kommer fra Danmark";
        JCas jcas = whitespaceTokenized(text);
        engine.process(jcas);

        assertThat(entities(jcas))
                .containsExactly("[ 7, 24]NamedEntity(PER) (Jens Peter Hansen)", "[36, 43]NamedEntity(LOC) (Danmark)");
        assertThat(entities(jcas)).containsExactlyElementsOf(fromCoreTagger(text));
        assertThat(text.codePointCount(0, 7))
                .as("the same place in code points")
                .isEqualTo(6);
    }

    @Test
    void writesEachEntityScoreIntoTheScoreFeature() throws Exception {
        JCas jcas = whitespaceTokenized(THREE_SENTENCES);
        engine.process(jcas);

        Feature score =
                jcas.getTypeSystem().getType(NamedEntity.class.getName()).getFeatureByBaseName("score");
        List<Double> expected = new ArrayList<>();
        for (String line : THREE_SENTENCES.split("\n")) {
            tagger.tagTokens(line.split(" ")).forEach(span -> expected.add(span.score()));
        }
        List<Double> actual = new ArrayList<>();
        JCasUtil.select(jcas, NamedEntity.class).forEach(entity -> actual.add(entity.getDoubleValue(score)));
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).isCloseTo(expected.get(i), within(1e-12)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void mapsLabelsToDkproSubtypesWithTheShippedMapping() throws Exception {
        AnalysisEngine mapped = createEngine(engine(
                BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION, "classpath:io/github/bertner/uima/dane-ner.map"));
        try {
            JCas jcas = whitespaceTokenized(THREE_SENTENCES);
            mapped.process(jcas);
            assertThat(entities(jcas))
                    .startsWith("[ 0, 17]Person(PER) (Jens Peter Hansen)", "[29, 36]Location(LOC) (Danmark)");
            assertThat(entities(jcas)).contains("[140,144]Organization(ORG) (NATO)");
        } finally {
            mapped.destroy();
        }
    }

    @Test
    void tagsTokensWithoutSentencesAsOneLongSentence() throws Exception {
        JCas jcas = segmented(JCasFactory.createJCas(UimaTestSupport.typesWithScore()), THREE_SENTENCES, false);
        assertThat(JCasUtil.select(jcas, Sentence.class)).isEmpty();
        engine.process(jcas);

        List<Token> tokens = new ArrayList<>(JCasUtil.select(jcas, Token.class));
        List<String> expected = new ArrayList<>();
        for (TokenSpan span : tagger.tagTokens(THREE_SENTENCES.split("\\s+"))) {
            expected.add(describe(
                    jcas.getDocumentText(),
                    tokens.get(span.start()).getBegin(),
                    tokens.get(span.end() - 1).getEnd(),
                    span.label()));
        }
        assertThat(entities(jcas)).isNotEmpty().containsExactlyElementsOf(expected);
    }

    @Test
    void tagsTokensOutsideEverySentenceAsASentenceOfTheirOwn() throws Exception {
        JCas jcas = segmented(JCasFactory.createJCas(UimaTestSupport.typesWithScore()), THREE_SENTENCES, false);
        int firstLineEnd = THREE_SENTENCES.indexOf('\n');
        new Sentence(jcas, 0, firstLineEnd).addToIndexes();
        engine.process(jcas);

        List<String> expected = new ArrayList<>(fromCoreTagger(THREE_SENTENCES.substring(0, firstLineEnd)));
        List<Token> rest = JCasUtil.selectFollowing(
                jcas, Token.class, JCasUtil.selectSingle(jcas, Sentence.class), Integer.MAX_VALUE);
        for (TokenSpan span :
                tagger.tagTokens(THREE_SENTENCES.substring(firstLineEnd + 1).split("\\s+"))) {
            expected.add(describe(
                    jcas.getDocumentText(),
                    rest.get(span.start()).getBegin(),
                    rest.get(span.end() - 1).getEnd(),
                    span.label()));
        }
        assertThat(entities(jcas)).containsExactlyElementsOf(expected);
    }

    @Test
    void failsOnACasWithoutTokensSayingThatATokenizerMustRunFirst() throws Exception {
        JCas jcas = JCasFactory.createJCas(UimaTestSupport.typesWithScore());
        jcas.setDocumentText("Jens Peter Hansen kommer fra Danmark");

        assertThatThrownBy(() -> engine.process(jcas))
                .isInstanceOf(AnalysisEngineProcessException.class)
                .hasMessageContaining("no de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")
                .hasMessageContaining("tokenizer");
    }

    @Test
    void failsWhenTheScoreFeatureIsMissing() throws Exception {
        AnalysisEngine noFeature = createEngine(engine(BertNamedEntityRecognizer.PARAM_SCORE_FEATURE, "confidence"));
        try {
            JCas jcas = whitespaceTokenized(THREE_SENTENCES);
            assertThatThrownBy(() -> noFeature.process(jcas))
                    .isInstanceOf(AnalysisEngineProcessException.class)
                    .hasMessageContaining("no feature 'confidence'");
        } finally {
            noFeature.destroy();
        }
    }

    /** The golden strings the core tagger gives for the same whitespace tokens, one sentence per line. */
    private static List<String> fromCoreTagger(String text) {
        List<String> out = new ArrayList<>();
        int lineStart = 0;
        for (String line : text.split("\n", -1)) {
            String[] tokens = line.split(" ");
            int[] begins = new int[tokens.length];
            for (int i = 0, at = lineStart; i < tokens.length; at += tokens[i].length() + 1, i++) {
                begins[i] = at;
            }
            for (TokenSpan span : tagger.tagTokens(tokens)) {
                int end = begins[span.end() - 1] + tokens[span.end() - 1].length();
                out.add(describe(text, begins[span.start()], end, span.label()));
            }
            lineStart += line.length() + 1;
        }
        return out;
    }

    private static String describe(String text, int begin, int end, String label) {
        return golden(begin, end, "NamedEntity", label, text.substring(begin, end));
    }
}
