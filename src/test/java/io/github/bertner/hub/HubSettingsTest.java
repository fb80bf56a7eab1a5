package io.github.bertner.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment variables read as huggingface_hub reads them. */
@Tag("unit")
class HubSettingsTest {
    @TempDir
    Path home;

    @Test
    void defaultsFollowHfHome() {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_HOME", home.toString()));
        assertThat(settings.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(settings.hubCache()).isEqualTo(home.resolve("hub"));
        assertThat(settings.conversionCache()).isEqualTo(home.resolve("bert-ner"));
        assertThat(settings.offline()).isFalse();
        assertThat(settings.token()).isEmpty();
    }

    @Test
    void xdgCacheHomeAndExplicitCachesAreHonoured() {
        assertThat(HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", home.toString()))
                        .hubCache())
                .isEqualTo(home.resolve("huggingface").resolve("hub"));
        HubSettings settings = HubSettings.fromEnvironment(Map.of(
                "HF_HUB_CACHE",
                home.resolve("h").toString(),
                "BERT_NER_CACHE",
                home.resolve("b").toString(),
                "HF_ENDPOINT",
                "http://127.0.0.1:8080/"));
        assertThat(settings.hubCache()).isEqualTo(home.resolve("h"));
        assertThat(settings.conversionCache()).isEqualTo(home.resolve("b"));
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void theTokenComesFromTheVariablesThenTheFile() throws Exception {
        Files.writeString(home.resolve("token"), "hf_from_file\n");
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", home.toString()))
                        .token())
                .contains("hf_from_file");
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HOME", home.toString(), "HUGGING_FACE_HUB_TOKEN", "hf_old"))
                        .token())
                .contains("hf_old");
        assertThat(HubSettings.fromEnvironment(Map.of(
                                "HF_HOME", home.toString(), "HUGGING_FACE_HUB_TOKEN", "hf_old", "HF_TOKEN", "hf_new"))
                        .token())
                .contains("hf_new");
    }

    @Test
    void offlineTakesTheValuesHuggingfaceHubTakes() {
        for (String value : new String[] {"1", "ON", "yes", "True"}) {
            assertThat(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", value))
                            .offline())
                    .as(value)
                    .isTrue();
        }
        assertThat(HubSettings.fromEnvironment(Map.of("TRANSFORMERS_OFFLINE", "1"))
                        .offline())
                .isTrue();
        assertThat(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0")).offline())
                .isFalse();
    }

    @Test
    void aBadEndpointIsNamed() {
        assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "ftp://example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HF_ENDPOINT");
    }
}
