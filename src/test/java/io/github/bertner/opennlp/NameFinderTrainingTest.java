package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.train.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BertNameFinder.train} as an OpenNLP user meets it: name types become the labels learnt (an untyped name is
 * OpenNLP's {@code default}), the finder it returns runs the trained model, and bad samples or base models are named.
 */
@Tag("framework")
class NameFinderTrainingTest {
    private static final ModelLocation BASE = ModelLocation.directory(Path.of("testdata/architectures/bert"));
    private static final TrainingSettings SETTINGS =
            TrainingSettings.builder().epochs(1).shuffle(false).dropout(0).build();

    @TempDir
    Path folder;

    private static NameSample sample(String text, Span... names) {
        return new NameSample(text.split(" "), names, false);
    }

    @Test
    void nameTypesAreTheLabelsAndTheFinderRunsTheTrainedModel() throws Exception {
        Path output = folder.resolve("model");
        try (BertNameFinder finder = BertNameFinder.train(
                ObjectStreamUtils.createObjectStream(
                        sample("Jens Hansen bor i Aarhus .", new Span(0, 2), new Span(4, 5, "city")),
                        sample("Mette bor i Odense .", new Span(0, 1), new Span(3, 4, "city"))),
                BASE,
                SETTINGS,
                output)) {
            assertThat(finder.recognizer().entityTypes()).containsExactlyInAnyOrder("city", "default");
            assertThat(finder.find(new String[] {"Jens", "bor", "i", "Aarhus"}))
                    .allSatisfy(span -> assertThat(span.getType()).isIn("city", "default"));
        }
        assertThat(output.resolve("model.safetensors")).isRegularFile();
    }

    @Test
    void aNameWithABlankTypeIsRefusedWithItsSampleAndNothingIsWritten() {
        Path output = folder.resolve("refused");
        assertThatThrownBy(() -> BertNameFinder.train(
                        ObjectStreamUtils.createObjectStream(
                                sample("Jens Hansen bor i Aarhus ."),
                                sample("Jens Hansen bor i Aarhus .", new Span(0, 2, " "))),
                        BASE,
                        SETTINGS,
                        output))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name sample 2")
                .hasMessageContaining("no type");
        assertThat(Files.exists(output)).isFalse();
    }

    @Test
    void anOnnxOnlyBaseModelIsRefusedByName() {
        assertThatThrownBy(() -> BertNameFinder.train(
                        ObjectStreamUtils.createObjectStream(sample("Jens bor i Aarhus .", new Span(0, 1, "PER"))),
                        ModelLocation.directory(Path.of("testdata/danish-ner-mini")),
                        SETTINGS,
                        folder.resolve("none")))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("danish-ner-mini")
                .hasMessageContaining("no checkpoint weights");
    }
}
