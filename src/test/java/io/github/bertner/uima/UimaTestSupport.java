package io.github.bertner.uima;

import static io.github.bertner.TestModels.DANE_TEST;
import static io.github.bertner.TestModels.MINI;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.TokenSpan;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.uima.UIMAException;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.dkpro.core.tokit.RegexSegmenter;

/** Test data paths (the tests run from the project root), CAS builders and the golden-string format. */
public final class UimaTestSupport {
    static final String SCORE_TYPES = "io.github.bertner.uima.NamedEntityScore";

    private UimaTestSupport() {}

    /** The engine on the test model, with further parameter name/value pairs. */
    static AnalysisEngineDescription engine(Object... parameters) throws ResourceInitializationException {
        Object[] all = new Object[parameters.length + 2];
        all[0] = BertNamedEntityRecognizer.PARAM_MODEL_LOCATION;
        all[1] = MINI.toString();
        System.arraycopy(parameters, 0, all, 2, parameters.length);
        return createEngineDescription(BertNamedEntityRecognizer.class, all);
    }

    /** The detected DKPro types plus the score feature on NamedEntity. */
    static TypeSystemDescription typesWithScore() throws ResourceInitializationException {
        return CasCreationUtils.mergeTypeSystems(List.of(
                TypeSystemDescriptionFactory.createTypeSystemDescription(),
                TypeSystemDescriptionFactory.createTypeSystemDescription(SCORE_TYPES)));
    }

    /**
     * A Danish CAS whose tokens are the whitespace-separated words and whose sentences are the lines (DKPro
     * Core's RegexSegmenter with its defaults).
     */
    static JCas whitespaceTokenized(String text) throws UIMAException {
        return segmented(JCasFactory.createJCas(typesWithScore()), text, true);
    }

    /** As {@link #whitespaceTokenized}, with or without sentence annotations. */
    static JCas segmented(JCas jcas, String text, boolean sentences) throws UIMAException {
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage("da");
        SimplePipeline.runPipeline(
                jcas, createEngineDescription(RegexSegmenter.class, RegexSegmenter.PARAM_WRITE_SENTENCE, sentences));
        return jcas;
    }

    /**
     * The entities of a CAS in DKPro Core's test style, in index order: {@code [begin,end]Type(value)
     * (covered text)}, begin and end in UTF-16 code units.
     */
    static List<String> entities(JCas jcas) {
        List<String> out = new ArrayList<>();
        for (NamedEntity entity : JCasUtil.select(jcas, NamedEntity.class)) {
            out.add(golden(
                    entity.getBegin(),
                    entity.getEnd(),
                    entity.getType().getShortName(),
                    entity.getValue(),
                    entity.getCoveredText()));
        }
        return out;
    }

    /**
     * The entities the core tagger finds on a CAS's tokens, sentence by sentence, in the golden format, with the
     * types of the shipped DaNE mapping ({@code dane-ner.map}, which the descriptors name).
     */
    static List<String> coreTaggerEntities(CAS cas, Tagger tagger) {
        Type tokenType = cas.getTypeSystem().getType(Token.class.getName());
        List<String> out = new ArrayList<>();
        for (AnnotationFS sentence : cas.getAnnotationIndex(cas.getTypeSystem().getType(Sentence.class.getName()))) {
            List<AnnotationFS> tokens = new ArrayList<>();
            cas.getAnnotationIndex(tokenType).subiterator(sentence).forEachRemaining(tokens::add);
            String[] texts = tokens.stream().map(AnnotationFS::getCoveredText).toArray(String[]::new);
            for (TokenSpan span : tagger.tagTokens(texts)) {
                int begin = tokens.get(span.start()).getBegin();
                int end = tokens.get(span.end() - 1).getEnd();
                out.add(golden(
                        begin,
                        end,
                        daneType(span.label()),
                        span.label(),
                        cas.getDocumentText().substring(begin, end)));
            }
        }
        return out;
    }

    /** The type {@code dane-ner.map} gives a label. */
    static String daneType(String label) {
        return switch (label) {
            case "PER" -> "Person";
            case "LOC" -> "Location";
            case "ORG" -> "Organization";
            default -> "NamedEntity";
        };
    }

    static String golden(int begin, int end, String type, String value, String text) {
        return String.format(Locale.ROOT, "[%2d,%3d]%s(%s) (%s)", begin, end, type, value, text);
    }

    /** The sentences of DaNE test as token lists. */
    static List<List<String>> daneSentences() throws IOException {
        List<List<String>> sentences = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(DANE_TEST, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                addIfNotEmpty(sentences, current);
                current = new ArrayList<>();
            } else {
                current.add(line.split("\t", -1)[0]);
            }
        }
        addIfNotEmpty(sentences, current);
        return sentences;
    }

    /**
     * A CAS with the given sentences: tokens joined by single spaces, one sentence per line, with Token
     * and Sentence annotations made directly (no segmenter).
     */
    public static JCas casOf(List<List<String>> sentences) throws UIMAException {
        JCas jcas = JCasFactory.createJCas(typesWithScore());
        StringBuilder text = new StringBuilder();
        List<int[]> tokenOffsets = new ArrayList<>();
        List<int[]> sentenceOffsets = new ArrayList<>();
        for (List<String> sentence : sentences) {
            int start = text.length();
            for (String token : sentence) {
                if (text.length() > start) {
                    text.append(' ');
                }
                tokenOffsets.add(new int[] {text.length(), text.length() + token.length()});
                text.append(token);
            }
            sentenceOffsets.add(new int[] {start, text.length()});
            text.append('\n');
        }
        jcas.setDocumentText(text.toString());
        jcas.setDocumentLanguage("da");
        tokenOffsets.forEach(o -> new Token(jcas, o[0], o[1]).addToIndexes());
        sentenceOffsets.forEach(o -> new Sentence(jcas, o[0], o[1]).addToIndexes());
        return jcas;
    }

    static List<String> words(String... words) {
        return Arrays.asList(words);
    }

    private static void addIfNotEmpty(List<List<String>> sentences, List<String> sentence) {
        if (!sentence.isEmpty()) {
            sentences.add(sentence);
        }
    }
}
