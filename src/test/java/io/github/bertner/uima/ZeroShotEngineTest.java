package io.github.bertner.uima;

import static io.github.bertner.uima.UimaTestSupport.entities;
import static io.github.bertner.uima.UimaTestSupport.golden;
import static io.github.bertner.uima.UimaTestSupport.whitespaceTokenized;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine runs a zero-shot GLiNER model with the entity types of its parameter, and maps them to DKPro types with
 * a {@code .map} of their names: the entities are GLiNER's own over the CAS's tokens.
 */
@Tag("framework")
class ZeroShotEngineTest {
    private static final Path GLINER = Path.of("testdata", "gliner", "onnx");
    private static final Map<String, String> DKPRO =
            Map.of("person", "Person", "location", "Location", "organization", "Organization");

    @Test
    void theNamedTypesAreFoundAsGlinerFindsThemAndMappedToDkproTypes() throws Exception {
        JsonNode hosts = new ObjectMapper()
                .readTree(Path.of("testdata", "gliner", "expected.json").toFile())
                .get("host_tokens");
        JsonNode output = hosts.get("outputs").get(0);
        List<String> labels = new ArrayList<>();
        output.get("labels").forEach(label -> labels.add(label.asText()));
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            List<Integer> starts = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (JsonNode token : hosts.get("sentences").get(s)) {
                starts.add(text.length());
                tokens.add(token.asText());
                text.append(token.asText()).append(' ');
            }
            text.setCharAt(text.length() - 1, '\n');
            for (JsonNode span : output.get("spans").get(s)) {
                int begin = starts.get(span.get(1).asInt());
                int last = span.get(2).asInt() - 1;
                int end = starts.get(last) + tokens.get(last).length();
                String value = span.get(0).asText();
                expected.add(golden(begin, end, DKPRO.get(value), value, text.substring(begin, end)));
            }
        }
        AnalysisEngine engine = createEngine(createEngineDescription(
                BertNamedEntityRecognizer.class,
                BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                GLINER.toString(),
                BertNamedEntityRecognizer.PARAM_ENTITY_TYPES,
                labels.toArray(String[]::new),
                BertNamedEntityRecognizer.PARAM_THRESHOLD,
                (float) output.get("threshold").asDouble(),
                BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION,
                "classpath:io/github/bertner/uima/zero-shot-ner.map"));
        try {
            JCas jcas = whitespaceTokenized(text.toString());
            engine.process(jcas);
            assertThat(expected).isNotEmpty();
            assertThat(entities(jcas)).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            engine.destroy();
        }
    }

    @Test
    void aZeroShotModelWithoutTypesFailsAtInitializationSayingSo() {
        assertThatThrownBy(() -> createEngine(createEngineDescription(
                        BertNamedEntityRecognizer.class,
                        BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                        GLINER.toString())))
                .isInstanceOf(ResourceInitializationException.class)
                .hasStackTraceContaining("parameter entityTypes does not suit the model")
                .hasStackTraceContaining("needs the entity types to find");
    }

    @Test
    void aTokenClassifierRefusesATypeItWasNotTrainedOn() {
        assertThatThrownBy(() -> createEngine(UimaTestSupport.engine(
                        BertNamedEntityRecognizer.PARAM_ENTITY_TYPES, new String[] {"PER", "medication"})))
                .isInstanceOf(ResourceInitializationException.class)
                .hasStackTraceContaining("entity type \"medication\" is not one this model finds: it was trained on");
    }
}
