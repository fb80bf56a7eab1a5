package io.github.bertner;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.assertj.core.api.Assertions.assertThat;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.cli.Main;
import io.github.bertner.conll.BioChunker;
import io.github.bertner.opennlp.BertNameFinder;
import io.github.bertner.uima.BertNamedEntityRecognizer;
import io.github.bertner.uima.UimaTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.util.Span;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The UIMA engine, the OpenNLP finder and the CLI find the same entities over the DaNE test tokens. */
@Tag("parity")
class AdaptersAgreeTest {

    @Test
    void engineFinderAndCliAgreeOnDaneTest() throws Exception {
        List<String[]> sentences = DaneTestData.sentences();
        List<String> fromFinder;
        try (BertNameFinder finder = BertNameFinder.load(TestModels.MINI)) {
            fromFinder = describeSpans(finder.findAll(sentences));
        }
        List<String> fromEngine = engineEntities(sentences);
        List<String> fromCli = cliEntities();

        assertThat(fromFinder).hasSize(399);
        assertThat(fromEngine).isEqualTo(fromFinder);
        assertThat(fromCli).isEqualTo(fromFinder);
    }

    private static List<String> describeSpans(List<Span[]> sentences) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            for (Span span : sentences.get(s)) {
                out.add(s + ":" + span.getType() + "[" + span.getStart() + "," + span.getEnd() + ")");
            }
        }
        return out;
    }

    /** Runs the engine on a CAS of the sentences and reads the entities back as token spans per sentence. */
    private static List<String> engineEntities(List<String[]> sentences) throws Exception {
        JCas jcas = UimaTestSupport.casOf(
                sentences.stream().map(java.util.Arrays::asList).toList());
        AnalysisEngine engine = createEngine(createEngineDescription(
                BertNamedEntityRecognizer.class,
                BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                TestModels.MINI.toString()));
        try {
            engine.process(jcas);
        } finally {
            engine.destroy();
        }
        List<String> out = new ArrayList<>();
        List<Sentence> sentenceAnnotations = new ArrayList<>(JCasUtil.select(jcas, Sentence.class));
        for (int s = 0; s < sentenceAnnotations.size(); s++) {
            List<Token> sentenceTokens = JCasUtil.selectCovered(Token.class, sentenceAnnotations.get(s));
            for (NamedEntity entity : JCasUtil.selectCovered(NamedEntity.class, sentenceAnnotations.get(s))) {
                int first = indexOfBegin(sentenceTokens, entity.getBegin());
                int last = indexOfEnd(sentenceTokens, entity.getEnd());
                out.add(s + ":" + entity.getValue() + "[" + first + "," + (last + 1) + ")");
            }
        }
        return out;
    }

    private static int indexOfBegin(List<Token> tokens, int begin) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).getBegin() == begin) {
                return i;
            }
        }
        throw new AssertionError("no token begins at " + begin);
    }

    private static int indexOfEnd(List<Token> tokens, int end) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).getEnd() == end) {
                return i;
            }
        }
        throw new AssertionError("no token ends at " + end);
    }

    /** Runs {@code tag --pretokenized} on the test file and reads the appended BIO column back as spans. */
    private static List<String> cliEntities() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("tag", "--pretokenized", "--input", TestModels.DANE_TEST.toString());
        assertThat(code).isZero();
        List<String> entities = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int sentence = 0;
        for (String line : (out + "\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (!labels.isEmpty()) {
                    for (TokenSpan span : BioChunker.spans(labels.toArray(String[]::new))) {
                        entities.add(sentence + ":" + span.label() + "[" + span.start() + "," + span.end() + ")");
                    }
                    sentence++;
                    labels.clear();
                }
            } else {
                labels.add(line.substring(line.lastIndexOf('\t') + 1));
            }
        }
        return entities;
    }
}
