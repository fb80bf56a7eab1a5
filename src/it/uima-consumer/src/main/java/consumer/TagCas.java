package consumer;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.uima.BertNamedEntityRecognizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

/** Tags one CAS with the demo model, with only bert-ner, uimaFIT and DKPro Core's type modules on the class path. */
public final class TagCas {
    public static void main(String[] args) throws Exception {
        for (String absent : new String[] {"opennlp.tools.namefind.TokenNameFinder", "picocli.CommandLine"}) {
            try {
                Class.forName(absent);
                throw new AssertionError(absent + " is on the class path of a UIMA-only user");
            } catch (ClassNotFoundException expected) {
                // what a UIMA user should see: no OpenNLP, no picocli
            }
        }
        String text = "Chili Jensen bor i København .";
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage("da");
        new Sentence(jcas, 0, text.length()).addToIndexes();
        int start = 0;
        for (String word : text.split(" ")) {
            new Token(jcas, start, start + word.length()).addToIndexes();
            start += word.length() + 1;
        }
        SimplePipeline.runPipeline(
                jcas,
                createEngineDescription(
                        BertNamedEntityRecognizer.class, BertNamedEntityRecognizer.PARAM_MODEL_LOCATION, args[0]));
        List<String> found = new ArrayList<>();
        for (NamedEntity entity : JCasUtil.select(jcas, NamedEntity.class)) {
            found.add(entity.getValue() + " " + entity.getCoveredText());
        }
        if (!found.equals(List.of("PER Chili Jensen", "LOC København"))) {
            throw new AssertionError("unexpected entities: " + found);
        }
        System.out.println("UIMA consumer found " + found);
    }
}
