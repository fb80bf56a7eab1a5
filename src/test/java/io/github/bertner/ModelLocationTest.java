package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The text forms of a model location. */
@Tag("unit")
class ModelLocationTest {
    @Test
    void hubLocationsKeepRepositoryAndRevision() {
        assertThat(ModelLocation.parse("hf:Maltehb/danish-bert-botxo-ner-dane"))
                .isEqualTo(ModelLocation.hub("Maltehb/danish-bert-botxo-ner-dane", "main"))
                .hasToString("hf:Maltehb/danish-bert-botxo-ner-dane");
        assertThat(ModelLocation.parse("hf:org/name@v1.0"))
                .isEqualTo(ModelLocation.hub("org/name", "v1.0"))
                .hasToString("hf:org/name@v1.0");
        assertThat(ModelLocation.parse("hf:org/name@refs/pr/1").isHub()).isTrue();
    }

    @Test
    void anythingElseIsADirectory() {
        ModelLocation location = ModelLocation.parse("testdata/danish-ner-mini");
        assertThat(location.isHub()).isFalse();
        assertThat(location.localDirectory()).contains(Path.of("testdata/danish-ner-mini"));
    }

    @Test
    void malformedHubLocationsShowTheAcceptedForms() {
        for (String text :
                new String[] {"hf:", "hf:name", "hf:org/name/extra", "hf:org/name@", "hf:../x/y", "hf:org/na me"}) {
            assertThatThrownBy(() -> ModelLocation.parse(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a model directory, hf:ORG/NAME, hf:ORG/NAME@REVISION or classpath:PATH");
        }
        assertThatThrownBy(() -> ModelLocation.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
