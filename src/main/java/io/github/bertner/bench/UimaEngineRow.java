package io.github.bertner.bench;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.ExternalResourceFactory.createResourceDescription;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.uima.BertNamedEntityRecognizer;
import io.github.bertner.uima.BertTaggerResource;
import io.github.bertner.uima.TaggerParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.UIMAException;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ExternalResourceDescription;

/**
 * The UIMA engine on one CAS holding the whole workload (tokens and sentences made once, outside the
 * timing; no segmenter), its model in a {@link BertTaggerResource}.
 */
public final class UimaEngineRow implements BenchRow {
    private final AnalysisEngine engine;
    private JCas jcas;
    private Workload prepared;

    /**
     * @param model the model directory
     * @param config the tagger options to give the resource
     * @throws UIMAException if the engine cannot be made
     */
    public UimaEngineRow(Path model, RecognizerConfig config) throws UIMAException {
        engine = createEngine(createEngineDescription(
                BertNamedEntityRecognizer.class, BertNamedEntityRecognizer.KEY_TAGGER, sharedModel(model, config)));
    }

    /**
     * The resource description that gives every bound engine one shared model (external resource
     * parameters are strings).
     *
     * @param model the model directory
     * @param config the tagger options
     * @return the description
     */
    public static ExternalResourceDescription sharedModel(Path model, RecognizerConfig config) {
        return createResourceDescription(BertTaggerResource.class, TaggerParameters.settings(model.toString(), config));
    }

    @Override
    public String name() {
        return "UIMA engine (one CAS)";
    }

    @Override
    public void run(Workload workload) throws UIMAException {
        if (prepared != workload) {
            jcas = casOf(workload);
            prepared = workload;
        }
        new ArrayList<>(JCasUtil.select(jcas, NamedEntity.class)).forEach(NamedEntity::removeFromIndexes);
        engine.process(jcas);
    }

    /**
     * A CAS with the workload's tokens separated by spaces, one sentence per line.
     *
     * @param workload the sentences
     * @return the CAS, with {@link Token} and {@link Sentence} annotations
     * @throws UIMAException if no CAS can be made
     */
    public static JCas casOf(Workload workload) throws UIMAException {
        JCas cas = JCasFactory.createJCas();
        StringBuilder text = new StringBuilder();
        List<int[]> tokens = new ArrayList<>();
        List<int[]> sentences = new ArrayList<>();
        for (String[] sentence : workload.sentences()) {
            int start = text.length();
            for (String token : sentence) {
                tokens.add(new int[] {text.length(), text.length() + token.length()});
                text.append(token).append(' ');
            }
            sentences.add(new int[] {start, Math.max(start, text.length() - 1)});
            text.append('\n');
        }
        cas.setDocumentText(text.toString());
        tokens.forEach(t -> new Token(cas, t[0], t[1]).addToIndexes());
        sentences.forEach(s -> new Sentence(cas, s[0], s[1]).addToIndexes());
        return cas;
    }

    @Override
    public void close() {
        engine.destroy();
    }
}
