package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLocation;
import io.github.bertner.RecognizerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Test;

/** A {@link BertNameFinder} over a zero-shot GLiNER model finds the types it was made with, as GLiNER does. */
class ZeroShotNameFinderTest {
    private static final ModelLocation GLINER = ModelLocation.directory(Path.of("testdata", "gliner", "onnx"));

    @Test
    void findAllGivesGlinersSpansOverTheTokens() throws Exception {
        JsonNode hosts = new ObjectMapper()
                .readTree(Path.of("testdata", "gliner", "expected.json").toFile())
                .get("host_tokens");
        JsonNode output = hosts.get("outputs").get(0);
        List<String> labels = new ArrayList<>();
        output.get("labels").forEach(label -> labels.add(label.asText()));
        List<String[]> sentences = new ArrayList<>();
        hosts.get("sentences").forEach(sentence -> {
            List<String> tokens = new ArrayList<>();
            sentence.forEach(token -> tokens.add(token.asText()));
            sentences.add(tokens.toArray(String[]::new));
        });
        try (BertNameFinder finder = BertNameFinder.load(GLINER, RecognizerConfig.defaults(), EntityTypes.of(labels))) {
            List<Span[]> found = finder.findAll(sentences);
            for (int s = 0; s < sentences.size(); s++) {
                List<String> want = new ArrayList<>();
                output.get("spans")
                        .get(s)
                        .forEach(span -> want.add(span.get(0).asText() + " "
                                + span.get(1).asInt() + "-" + span.get(2).asInt()));
                List<String> got = new ArrayList<>();
                for (Span span : found.get(s)) {
                    got.add(span.getType() + " " + span.getStart() + "-" + span.getEnd());
                }
                assertThat(got).isEqualTo(want);
                assertThat(finder.find(sentences.get(s))).containsExactly(found.get(s));
            }
        }
    }

    @Test
    void aZeroShotModelNeedsTypes() {
        assertThatThrownBy(() -> BertNameFinder.load(GLINER, RecognizerConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the entity types to find");
    }
}
