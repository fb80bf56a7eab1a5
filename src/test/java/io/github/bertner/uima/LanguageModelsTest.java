package io.github.bertner.uima;

import static io.github.bertner.TestModels.MINI;
import static io.github.bertner.uima.UimaTestSupport.entities;
import static io.github.bertner.uima.UimaTestSupport.whitespaceTokenized;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a model location, the engine takes the model of the document's language from a language → model map. */
@Tag("framework")
class LanguageModelsTest {
    private static final String TEXT = "Chili Jensen bor i København .";

    @TempDir
    Path temp;

    @Test
    void theShippedMapGivesDanishTheRealModel() throws Exception {
        Properties map = PropertiesResources.read(LanguageModels.DEFAULT_MAP);
        assertThat(map.getProperty("da")).isEqualTo("hf:Maltehb/danish-bert-botxo-ner-dane");
    }

    @Test
    void theDocumentLanguageChoosesTheModel() throws Exception {
        AnalysisEngine engine = createEngine(createEngineDescription(
                BertNamedEntityRecognizer.class,
                BertNamedEntityRecognizer.PARAM_MODEL_MAP_LOCATION,
                map("da=" + MINI.toAbsolutePath())));
        JCas jcas = whitespaceTokenized(TEXT);
        jcas.setDocumentLanguage("da-DK");
        engine.process(jcas);
        assertThat(entities(jcas)).containsExactlyElementsOf(entitiesWithTheModel());
        engine.destroy();
    }

    @Test
    void theLanguageParameterOverridesTheDocument() throws Exception {
        AnalysisEngine engine = createEngine(createEngineDescription(
                BertNamedEntityRecognizer.class,
                BertNamedEntityRecognizer.PARAM_MODEL_MAP_LOCATION,
                map("da=" + MINI.toAbsolutePath()),
                BertNamedEntityRecognizer.PARAM_LANGUAGE,
                "da"));
        JCas jcas = whitespaceTokenized(TEXT);
        jcas.setDocumentLanguage("en");
        engine.process(jcas);
        assertThat(entities(jcas)).isNotEmpty();
        engine.destroy();
    }

    @Test
    void aLanguageWithoutAModelIsNamed() throws Exception {
        AnalysisEngine engine = createEngine(createEngineDescription(
                BertNamedEntityRecognizer.class,
                BertNamedEntityRecognizer.PARAM_MODEL_MAP_LOCATION,
                map("da=" + MINI.toAbsolutePath())));
        JCas jcas = whitespaceTokenized(TEXT);
        jcas.setDocumentLanguage("sv");
        assertThatThrownBy(() -> engine.process(jcas))
                .isInstanceOf(AnalysisEngineProcessException.class)
                .hasStackTraceContaining("has no model for the language 'sv'")
                .hasStackTraceContaining("[da]");
        engine.destroy();
    }

    private static java.util.List<String> entitiesWithTheModel() throws Exception {
        AnalysisEngine engine = createEngine(UimaTestSupport.engine());
        JCas jcas = whitespaceTokenized(TEXT);
        engine.process(jcas);
        engine.destroy();
        assertThat(entities(jcas)).isNotEmpty();
        return entities(jcas);
    }

    private String map(String line) throws Exception {
        Path file = temp.resolve("models.map");
        Files.writeString(file, line + "\n");
        return file.toString();
    }
}
