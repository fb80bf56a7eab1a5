package io.github.bertner.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.hub.DownloadProgress;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.hub.LoopbackHub;
import io.github.bertner.loader.ModelResolver;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GLiNER models load by name from the Hub (with the backbone's tokenizer when the repository has none, as GLiNER
 * fetches it), from a checkpoint folder and from an export; other GLiNER kinds and broken configs are refused with a
 * one-line reason that names the file.
 */
class GlinerLoadingTest {
    private static final String MODEL = "urchade/gliner_multi-v2.1";
    private static final String BACKBONE = "microsoft/mdeberta-v3-base";

    @TempDir
    Path temporary;

    @Test
    void aHubRepositoryWithoutTokenizerIsConvertedWithItsBackbonesAndTags() throws Exception {
        Path repository = copy(GlinerFixtures.ORIGINAL_OLD, temporary.resolve("repository"));
        editConfig(repository, config -> config.put("model_name", BACKBONE));
        try (LoopbackHub hub = new LoopbackHub()) {
            hub.addRepository(MODEL, repository, false);
            hub.addRepository(BACKBONE, GlinerFixtures.BACKBONE, false);
            HubSettings settings = HubSettings.at(hub.endpoint(), temporary.resolve("cache"));
            Path model =
                    ModelResolver.resolve(ModelLocation.parse("hf:" + MODEL), false, settings, DownloadProgress.NONE);
            try (Recognizer recognizer = Recognizers.load(model, RecognizerConfig.defaults())) {
                assertThat(recognizer).isInstanceOf(SpanRecognizer.class);
                assertTagsLikeGliner(recognizer);
            }
            assertThat(hub.downloads("pytorch_model.bin")).isEqualTo(1);
            assertThat(hub.downloads("spm.model")).isEqualTo(1);
        }
    }

    @Test
    void aCheckpointFolderWithTheBackbonesFilesCopiedInIsConverted() throws Exception {
        Path folder = copy(GlinerFixtures.ORIGINAL, temporary.resolve("gliner"));
        copy(GlinerFixtures.BACKBONE, folder);
        HubSettings settings = HubSettings.at(URI.create("http://127.0.0.1:9"), temporary.resolve("cache"));
        Path model = ModelResolver.resolve(ModelLocation.directory(folder), false, settings, DownloadProgress.NONE);
        try (Recognizer recognizer = Recognizers.load(model, RecognizerConfig.defaults())) {
            assertTagsLikeGliner(recognizer);
        }
    }

    @Test
    void aCheckpointFolderWithoutTokenizerSaysWhereToGetIt() throws Exception {
        HubSettings settings = HubSettings.at(URI.create("http://127.0.0.1:9"), temporary.resolve("cache"));
        assertThatThrownBy(() -> ModelResolver.resolve(
                        ModelLocation.directory(GlinerFixtures.ORIGINAL), false, settings, DownloadProgress.NONE))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(GlinerFixtures.ORIGINAL.toString())
                .hasMessageContaining("has no tokenizer")
                .hasMessageContaining("test/tiny-deberta-v3")
                .hasMessageNotContaining("\n");
    }

    /**
     * The int8 conversion keeps most of fp32's entities on every flat setting of the references. The test model is
     * hard on int8 (its random weights, wide enough that each marker attends to its own type, make attention nearly
     * one-hot, so that small errors move it): bert-ner's int8 keeps 0.865 of the entities; ONNX Runtime's own
     * quantize_dynamic on GLiNER's export keeps 0.84 with the same uint8 weights when it quantizes only the encoder's
     * products, and 0.30 with its defaults, which also quantize the LSTM and the embeddings (both stay float here).
     * The same shape trained keeps 237 of its 239 ({@link #theInt8ConversionKeepsATrainedModelsEntities}).
     */
    @Test
    void theInt8ConversionKeepsMostEntities() throws Exception {
        EntityKeys keys = fp32AndInt8(GlinerFixtures.ORIGINAL, GlinerFixtures.expected());
        assertThat(keys.fp32()).hasSizeGreaterThan(500);
        assertThat(keys.keptByInt8()).isGreaterThanOrEqualTo(0.85);
    }

    /**
     * On the same shape trained on DaNE, whose scores are not crowded at the thresholds, int8 keeps at least nine
     * tenths of fp32's entities and finds few that fp32 does not (it keeps 237 of 239 and adds none here).
     */
    @Test
    void theInt8ConversionKeepsATrainedModelsEntities() throws Exception {
        EntityKeys keys = fp32AndInt8(GlinerFixtures.TRAINED, GlinerFixtures.trainedExpected());
        assertThat(keys.fp32()).hasSizeGreaterThan(150);
        assertThat(keys.keptByInt8()).isGreaterThanOrEqualTo(0.90);
        assertThat(keys.int8AlsoInFp32()).isGreaterThanOrEqualTo(0.90);
    }

    /** The entities of fp32 and int8, one key per entity and setting. */
    private record EntityKeys(List<String> fp32, List<String> int8) {
        double keptByInt8() {
            return (double) int8.stream().filter(fp32::contains).count() / fp32.size();
        }

        double int8AlsoInFp32() {
            return (double) int8.stream().filter(fp32::contains).count() / int8.size();
        }
    }

    /**
     * A checkpoint converted and quantized, both graphs run on every flat single-label setting of GLiNER's
     * references; fp32's entities are GLiNER's.
     */
    private EntityKeys fp32AndInt8(Path checkpoint, JsonNode references) throws Exception {
        Path converted = GlinerFixtures.converted(checkpoint, temporary, true);
        List<String> texts = GlinerFixtures.strings(references.get("texts"));
        List<String> fp32Keys = new ArrayList<>();
        List<String> int8Keys = new ArrayList<>();
        try (Recognizer fp32 = Recognizers.load(converted, RecognizerConfig.defaults());
                Recognizer int8 = Recognizers.load(
                        converted, RecognizerConfig.builder().quantized(true).build())) {
            assertThat(int8.info().onnxModel().getFileName().toString()).isEqualTo("model_quantized.onnx");
            for (JsonNode output : references.get("outputs")) {
                if (output.get("flat_ner").asBoolean()
                        && !output.get("multi_label").asBoolean()) {
                    EntityTypes types = EntityTypes.of(GlinerFixtures.strings(output.get("labels")))
                            .withThreshold(output.get("threshold").asDouble());
                    List<List<Entity>> fp32Entities = fp32.tag(texts, types);
                    for (int i = 0; i < texts.size(); i++) {
                        GlinerFixtures.assertSameEntities(
                                texts.get(i),
                                fp32Entities.get(i),
                                output.get("entities").get(i),
                                "fp32");
                    }
                    String setting = output.get("labels") + " " + output.get("threshold") + " ";
                    fp32Keys.addAll(keys(setting, fp32Entities));
                    int8Keys.addAll(keys(setting, int8.tag(texts, types)));
                }
            }
        }
        return new EntityKeys(fp32Keys, int8Keys);
    }

    @Test
    void otherGlinerKindsAreRefusedByName() throws Exception {
        assertRefused(config -> config.put("span_mode", "token_level"), "token-level GLiNER");
        assertRefused(config -> config.put("labels_encoder", "BAAI/bge-small-en-v1.5"), "bi-encoder");
        assertRefused(config -> config.put("labels_decoder", "gpt2"), "label decoder");
        assertRefused(config -> config.put("span_mode", "marker"), "span_mode marker");
    }

    @Test
    void aCorruptConfigIsNamed() throws Exception {
        Path folder = copy(GlinerFixtures.ONNX, temporary.resolve("corrupt"));
        Files.writeString(folder.resolve("gliner_config.json"), "{\"max_width\": 12,");
        assertThatThrownBy(() -> SpanRecognizer.loadDirectory(folder, RecognizerConfig.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(folder.resolve("gliner_config.json").toString())
                .hasMessageContaining("is not valid JSON");
        Files.writeString(folder.resolve("gliner_config.json"), "{\"max_width\": \"twelve\"}");
        assertThatThrownBy(() -> SpanRecognizer.loadDirectory(folder, RecognizerConfig.defaults()))
                .hasMessageContaining("max_width must be an integer");
    }

    @Test
    void callsWithoutTypesOrWithAnEmptyTypeAreRefused() throws Exception {
        try (SpanRecognizer recognizer =
                SpanRecognizer.loadDirectory(GlinerFixtures.ONNX, RecognizerConfig.defaults())) {
            assertThatThrownBy(() -> recognizer.tag("Chili Jensen bor i Aarhus.", EntityTypes.model()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs the entity types");
            assertThatThrownBy(() -> EntityTypes.of("person", " ", "location"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("entity type 2 of 3 is empty: each type must be a name, such as person");
            assertThatThrownBy(() -> EntityTypes.parse("")).hasMessageContaining("no entity types were given");
            assertThat(recognizer.tag("", EntityTypes.of("person"))).isEmpty();
            assertThat(recognizer.tag(" \t ", EntityTypes.of("person"))).isEmpty();
        }
    }

    private void assertRefused(Consumer<ObjectNode> edit, String expected) throws IOException {
        Path folder = copy(GlinerFixtures.ONNX, temporary.resolve("kind-" + expected.replace(' ', '-')));
        editConfig(folder, edit);
        assertThatThrownBy(() -> SpanRecognizer.loadDirectory(folder, RecognizerConfig.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(folder.resolve("gliner_config.json").toString())
                .hasMessageContaining(expected)
                .hasMessageContaining("urchade/gliner_multi-v2.1");
    }

    /** The first reference setting's entities for the first texts, as GLiNER gave them. */
    private static void assertTagsLikeGliner(Recognizer recognizer) {
        JsonNode output = GlinerFixtures.expected().get("outputs").get(0);
        List<String> texts =
                GlinerFixtures.strings(GlinerFixtures.expected().get("texts")).subList(0, 20);
        List<List<Entity>> found = recognizer.tag(texts, EntityTypes.of(GlinerFixtures.strings(output.get("labels"))));
        for (int i = 0; i < texts.size(); i++) {
            GlinerFixtures.assertSameEntities(
                    texts.get(i), found.get(i), output.get("entities").get(i), "loaded");
        }
    }

    private static List<String> keys(String setting, List<List<Entity>> found) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            for (Entity entity : found.get(i)) {
                keys.add(setting + i + " " + entity.label() + " " + entity.start() + "-" + entity.end());
            }
        }
        return keys;
    }

    private static void editConfig(Path folder, Consumer<ObjectNode> edit) throws IOException {
        Path file = folder.resolve("gliner_config.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(file.toFile());
        edit.accept(config);
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
