package io.github.bertner.uima;

import static io.github.bertner.TestModels.MINI;
import static io.github.bertner.uima.UimaTestSupport.casOf;
import static io.github.bertner.uima.UimaTestSupport.daneSentences;
import static io.github.bertner.uima.UimaTestSupport.engine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.Aggregation;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import io.github.bertner.TokenSpan;
import io.github.bertner.tagger.Tagger;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.cas.Feature;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine over the 565 DaNE test sentences equals the core tagger on the same tokens, and, where the
 * tokens are the words the Hugging Face pipeline splits a text into, the Hugging Face reference output
 * (raw text, FIRST aggregation; scores agree to about 1e-5 because ONNX Runtime and torch differ slightly).
 */
@Tag("parity")
class EngineParityTest {

    @ParameterizedTest
    @EnumSource(
            value = Aggregation.class,
            names = {"FIRST", "AVERAGE"})
    void entitiesOverDaneTestTokensEqualTheCoreTagger(Aggregation aggregation) throws Exception {
        List<List<String>> sentences = daneSentences();
        JCas jcas = casOf(sentences);
        AnalysisEngine engine = createEngine(engine(
                BertNamedEntityRecognizer.PARAM_AGGREGATION,
                aggregation.name(),
                BertNamedEntityRecognizer.PARAM_SCORE_FEATURE,
                "score"));
        try (Tagger tagger = TestModels.tagger(
                MINI, RecognizerConfig.builder().aggregation(aggregation).build())) {
            engine.process(jcas);
            List<String[]> tokens =
                    sentences.stream().map(s -> s.toArray(String[]::new)).toList();
            List<Found> expected = describe(tagger.tagTokens(tokens));
            assertThat(expected).as("entities in DaNE test").hasSizeGreaterThan(300);
            assertSame(describe(jcas), expected, 1e-12);
        } finally {
            engine.destroy();
        }
    }

    @Test
    void entitiesEqualTheHuggingFaceReferenceOnItsOwnWords() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(TestModels.PARITY.toFile());
        JsonNode outputs = reference.get("outputs").get("first");
        List<String> texts = new ArrayList<>();
        reference.get("texts").forEach(t -> texts.add(t.asText()));
        JCas jcas = casOfWords(texts);
        AnalysisEngine engine = createEngine(engine(BertNamedEntityRecognizer.PARAM_SCORE_FEATURE, "score"));
        try {
            engine.process(jcas);
        } finally {
            engine.destroy();
        }
        List<Found> expected = new ArrayList<>();
        List<Sentence> lines = new ArrayList<>(JCasUtil.select(jcas, Sentence.class));
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            for (JsonNode e : outputs.get(i)) {
                int begin = lines.get(i).getBegin()
                        + text.offsetByCodePoints(0, e.get("start").asInt());
                int end = lines.get(i).getBegin()
                        + text.offsetByCodePoints(0, e.get("end").asInt());
                expected.add(new Found(
                        e.get("entity_group").asText() + "[" + begin + "," + end + ")",
                        e.get("score").asDouble()));
            }
        }
        assertThat(expected).as("reference entities").hasSizeGreaterThan(400);
        assertSame(describe(jcas), expected, 1e-4);
    }

    /**
     * A CAS with one sentence per text, whose tokens are the words of Hugging Face's BERT pre-tokenizer:
     * split at whitespace, and every punctuation character a word of its own.
     */
    private static JCas casOfWords(List<String> texts) throws Exception {
        JCas jcas = JCasFactory.createJCas(UimaTestSupport.typesWithScore());
        jcas.setDocumentText(String.join("\n", texts));
        int base = 0;
        for (String text : texts) {
            new Sentence(jcas, base, base + text.length()).addToIndexes();
            int start = -1;
            for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                int c = text.codePointAt(i);
                boolean space = Character.isWhitespace(c) || Character.getType(c) == Character.SPACE_SEPARATOR;
                if (space || isPunctuation(c)) {
                    if (start >= 0) {
                        new Token(jcas, base + start, base + i).addToIndexes();
                        start = -1;
                    }
                    if (!space) {
                        new Token(jcas, base + i, base + i + Character.charCount(c)).addToIndexes();
                    }
                } else if (start < 0) {
                    start = i;
                }
            }
            if (start >= 0) {
                new Token(jcas, base + start, base + text.length()).addToIndexes();
            }
            base += text.length() + 1;
        }
        return jcas;
    }

    private static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION
                || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION
                || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION
                || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    private static void assertSame(List<Found> actual, List<Found> expected, double scoreTolerance) {
        assertThat(actual)
                .extracting(Found::entity)
                .containsExactlyElementsOf(expected.stream().map(Found::entity).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).score())
                    .as(expected.get(i).entity())
                    .isCloseTo(expected.get(i).score(), within(scoreTolerance));
        }
    }

    private static List<Found> describe(JCas jcas) {
        Feature score =
                jcas.getTypeSystem().getType(NamedEntity.class.getName()).getFeatureByBaseName("score");
        List<Found> out = new ArrayList<>();
        for (NamedEntity e : JCasUtil.select(jcas, NamedEntity.class)) {
            out.add(new Found(e.getValue() + "[" + e.getBegin() + "," + e.getEnd() + ")", e.getDoubleValue(score)));
        }
        return out;
    }

    /** Entities of the core tagger, placed as {@link UimaTestSupport#casOf} places the tokens. */
    private static List<Found> describe(List<List<TokenSpan>> sentences) throws Exception {
        List<List<String>> words = daneSentences();
        List<Found> out = new ArrayList<>();
        int lineStart = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<String> tokens = words.get(s);
            int[] begins = new int[tokens.size()];
            for (int i = 0, at = lineStart;
                    i < tokens.size();
                    at += tokens.get(i).length() + 1, i++) {
                begins[i] = at;
            }
            for (TokenSpan span : sentences.get(s)) {
                int end = begins[span.end() - 1] + tokens.get(span.end() - 1).length();
                out.add(new Found(span.label() + "[" + begins[span.start()] + "," + end + ")", span.score()));
            }
            lineStart += String.join(" ", tokens).length() + 1;
        }
        return out;
    }

    /** An entity as {@code LABEL[begin,end)} in UTF-16 offsets of the CAS text, and its score. */
    private record Found(String entity, double score) {}
}
