package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

/**
 * The tokens of a CAS in the groups the tagger reads as sentences: the tokens of each {@link Sentence},
 * in order, and each maximal run of tokens that lie in no sentence (so a CAS with tokens but no
 * sentences is one group). A token in several sentences belongs to the first.
 */
final class TokenGroups {
    private TokenGroups() {}

    /**
     * Groups the tokens of a CAS.
     *
     * @return the groups, none empty
     * @throws AnalysisEngineProcessException if the CAS has no {@link Token}
     */
    static List<List<Token>> of(JCas jcas) throws AnalysisEngineProcessException {
        Collection<Token> tokens = JCasUtil.select(jcas, Token.class);
        if (tokens.isEmpty()) {
            throw UimaErrors.processing("the CAS has no " + Token.class.getName() + " annotations: a tokenizer and "
                    + "sentence segmenter (for example DKPro Core's BreakIteratorSegmenter) must run before "
                    + "BertNamedEntityRecognizer");
        }
        List<List<Token>> groups = new ArrayList<>();
        Set<Token> grouped = new HashSet<>();
        Map<Sentence, List<Token>> covered = JCasUtil.indexCovered(jcas, Sentence.class, Token.class);
        for (Sentence sentence : JCasUtil.select(jcas, Sentence.class)) {
            List<Token> group = new ArrayList<>();
            for (Token token : covered.getOrDefault(sentence, List.of())) {
                if (grouped.add(token)) {
                    group.add(token);
                }
            }
            addIfNotEmpty(groups, group);
        }
        addRunsOutsideSentences(tokens, grouped, groups);
        return groups;
    }

    /**
     * The covered text of each token, as the tagger's host tokens.
     *
     * @return one string per token, index-aligned with {@code group}
     */
    static String[] texts(List<Token> group) {
        String[] texts = new String[group.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = group.get(i).getCoveredText();
        }
        return texts;
    }

    private static void addRunsOutsideSentences(
            Collection<Token> tokens, Set<Token> grouped, List<List<Token>> groups) {
        List<Token> run = new ArrayList<>();
        for (Token token : tokens) {
            if (grouped.contains(token)) {
                addIfNotEmpty(groups, run);
                run = new ArrayList<>();
            } else {
                run.add(token);
            }
        }
        addIfNotEmpty(groups, run);
    }

    private static void addIfNotEmpty(List<List<Token>> groups, List<Token> group) {
        if (!group.isEmpty()) {
            groups.add(group);
        }
    }
}
