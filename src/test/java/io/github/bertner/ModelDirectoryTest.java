package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.tagger.Tagger;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading model directories: the layouts that work and the errors for those that do not. */
@Tag("framework")
class ModelDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = temp.resolve("nope");
        assertThatThrownBy(() -> TestModels.tagger(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aMissingConfigIsNamed() throws IOException {
        Path dir = copyOfMini("tokenizer.json", "model.onnx");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("config.json");
    }

    @Test
    void aConfigWithoutId2labelIsRejected() throws IOException {
        Path dir = copyOfMini("tokenizer.json", "model.onnx");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("config.json")
                .hasMessageContaining("id2label");
    }

    @Test
    void aConfigThatIsNotJsonIsRejected() throws IOException {
        Path dir = copyOfMini("tokenizer.json", "model.onnx");
        Files.writeString(dir.resolve("config.json"), "{\"id2label\": {\"0\": \"O\",");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aLabelCountThatDoesNotFitTheModelIsRejected() throws IOException {
        Path dir = copyOfMini("tokenizer.json", "model.onnx");
        Files.writeString(
                dir.resolve("config.json"), "{\"id2label\": {\"0\": \"O\", \"1\": \"B-PER\", \"2\": \"I-PER\"}}");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("3 labels");
    }

    @Test
    void idsWithGapsAreRejected() throws IOException {
        Path dir = copyOfMini("tokenizer.json", "model.onnx");
        Files.writeString(dir.resolve("config.json"), "{\"id2label\": {\"0\": \"O\", \"2\": \"B-PER\"}}");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("ids must be 0 to 1");
    }

    @Test
    void aCorruptOnnxFileIsNamed() throws IOException {
        Path dir = copyOfMini("config.json", "tokenizer.json");
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("ONNX");
    }

    @Test
    void aMissingOnnxFileIsNamed() throws IOException {
        Path dir = copyOfMini("config.json", "tokenizer.json");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.onnx");
        assertThatThrownBy(() -> TestModels.tagger(
                        dir, RecognizerConfig.builder().quantized(true).build()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model_quantized.onnx");
    }

    @Test
    void aMissingTokenizerIsNamed() throws IOException {
        Path dir = copyOfMini("config.json", "model.onnx");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json")
                .hasMessageContaining("vocab.txt");
    }

    @Test
    void aCorruptTokenizerIsNamed() throws IOException {
        Path dir = copyOfMini("config.json", "model.onnx");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\"}}");
        assertThatThrownBy(() -> TestModels.tagger(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json");
    }

    @Test
    void theOnnxSubfolderLayoutLoads() throws Exception {
        Path dir = copyOfMini("config.json", "tokenizer.json");
        Files.createDirectories(dir.resolve("onnx"));
        Files.copy(TestModels.MINI.resolve("model.onnx"), dir.resolve("onnx/model.onnx"));
        try (Tagger tagger = TestModels.tagger(dir)) {
            assertThat(tagger.info().onnxModel()).isEqualTo(dir.resolve("onnx/model.onnx"));
            assertThat(tagger.tag("Chili Jensen bor i København."))
                    .extracting(Entity::text)
                    .contains("København");
        }
    }

    @Test
    void aVocabularyDirectoryGivesTheSameSubwordsAsTokenizerJson() throws Exception {
        Path dir = copyOfMini("config.json", "model.onnx");
        Path vocab = TestModels.DANISH_VOCABULARY;
        Files.copy(vocab.resolve("vocab.txt"), dir.resolve("vocab.txt"));
        Files.copy(vocab.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        List<String[]> sentences = DaneTestData.sentences();
        try (Tagger fromVocab = TestModels.tagger(dir);
                Tagger fromJson = TestModels.tagger(TestModels.MINI);
                SubwordEncoder vocabEncoder = new SubwordEncoder(TokenizerDefinition.of(dir));
                SubwordEncoder jsonEncoder = TaggerComponentTest.encoder()) {
            assertThat(fromVocab.info().tokenizer().lowercase()).isTrue();
            assertThat(fromVocab.info().tokenizer().stripAccents()).isFalse();
            assertThat(fromVocab.info().tokenizer().vocabularySize()).isEqualTo(31_748);
            String withAccents = "Æbleø på Århus Ærø café Jesse";
            assertThat(vocabEncoder.encode(withAccents).ids())
                    .isEqualTo(jsonEncoder.encode(withAccents).ids());
            for (String[] sentence : sentences) {
                String text = String.join(" ", sentence);
                assertThat(vocabEncoder.encode(text).ids())
                        .as(text)
                        .isEqualTo(jsonEncoder.encode(text).ids());
            }
            TaggerComponentTest.assertSameSpans(fromVocab.tagTokens(sentences), fromJson.tagTokens(sentences));
        }
    }

    @Test
    void theEmptyVocabularyLineKeepsItsId() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("vocabulary"));
        Files.copy(TestModels.DANISH_VOCABULARY.resolve("vocab.txt"), dir.resolve("vocab.txt"));
        TokenizerDefinition definition = TokenizerDefinition.fromOriginalFiles(dir);
        String json = definition.json();
        assertThat(json).contains("\"\":31693").contains("\"##e\":31694");
    }

    private Path copyOfMini(String... files) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("model"));
        for (String file : files) {
            Files.copy(TestModels.MINI.resolve(file), dir.resolve(file));
        }
        return dir;
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
