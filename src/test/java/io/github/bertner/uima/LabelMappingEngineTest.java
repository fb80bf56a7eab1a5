package io.github.bertner.uima;

import static io.github.bertner.uima.UimaTestSupport.engine;
import static io.github.bertner.uima.UimaTestSupport.whitespaceTokenized;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A label mapping as the engine uses it on the demo model: checked when the engine starts, applied per CAS. */
@Tag("framework")
class LabelMappingEngineTest {
    private static final String NER = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.";

    @TempDir
    Path folder;

    @Test
    void aMappingWithoutTheFallbackLineFailsAtInitialization() throws Exception {
        Path map = write("PER=" + NER + "Person\n");

        assertThatThrownBy(() -> createEngine(engine(BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION, map.toString())))
                .isInstanceOf(ResourceInitializationException.class)
                .hasStackTraceContaining("has no fallback line '*=<type>'");
    }

    @Test
    void aMappingNamingAnUnknownTypeFailsAtInitialization() throws Exception {
        Path map = write("PER=" + NER + "Persn\n*=" + NER + "NamedEntity\n");

        assertThatThrownBy(() -> createEngine(engine(BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION, map.toString())))
                .isInstanceOf(ResourceInitializationException.class)
                .hasStackTraceContaining("unknown UIMA type '" + NER + "Persn' for label 'PER'");
    }

    @Test
    void aTypeThatIsNoNamedEntityFailsOnTheFirstCas() throws Exception {
        Path map = write("*=de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token\n");
        AnalysisEngine engine = createEngine(engine(BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION, map.toString()));
        try {
            JCas jcas = whitespaceTokenized("Jens Peter Hansen kommer fra Danmark");
            assertThatThrownBy(() -> engine.process(jcas))
                    .isInstanceOf(AnalysisEngineProcessException.class)
                    .hasMessageContaining("is not " + NER + "NamedEntity or one of its subtypes");
        } finally {
            engine.destroy();
        }
    }

    private Path write(String lines) throws IOException {
        return Files.writeString(folder.resolve("labels.map"), lines, StandardCharsets.UTF_8);
    }
}
