package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.github.bertner.tagger.Tagger;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.io.IOException;
import java.io.InputStream;
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

    @Test
    void aGraphWithFloat16LogitsTagsAsItsFloat32Original() throws Exception {
        Path dir = copyOfMini("config.json", "tokenizer.json", "tokenizer_config.json");
        ModelProto model;
        try (InputStream in = Files.newInputStream(TestModels.MINI.resolve("model.onnx"))) {
            model = ModelProto.parseFrom(in);
        }
        Files.write(dir.resolve("model.onnx"), withFloat16Logits(model).toByteArray());
        List<String[]> sentences = DaneTestData.sentences().subList(0, 40);
        try (Tagger float16 = TestModels.tagger(dir);
                Tagger float32 = TestModels.tagger(TestModels.MINI)) {
            List<List<TokenSpan>> expected = float32.tagTokens(sentences);
            List<List<TokenSpan>> actual = float16.tagTokens(sentences);
            assertThat(actual.stream().mapToInt(List::size).sum()).isGreaterThan(10);
            for (int i = 0; i < sentences.size(); i++) {
                assertThat(actual.get(i)).hasSameSizeAs(expected.get(i));
                for (int k = 0; k < expected.get(i).size(); k++) {
                    TokenSpan want = expected.get(i).get(k);
                    TokenSpan got = actual.get(i).get(k);
                    assertThat(List.of(got.start(), got.end(), got.label()))
                            .isEqualTo(List.of(want.start(), want.end(), want.label()));
                    assertThat(got.score()).isCloseTo(want.score(), within(2e-3));
                }
            }
        }
    }

    /** The graph with its logits cast to float16, as a float16 export gives them. */
    private static ModelProto withFloat16Logits(ModelProto model) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        String logits = graph.getOutput(0).getName();
        for (NodeProto.Builder node : graph.getNodeBuilderList()) {
            for (int i = 0; i < node.getOutputCount(); i++) {
                if (node.getOutput(i).equals(logits)) {
                    node.setOutput(i, logits + "_float32");
                }
            }
        }
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Cast")
                .addInput(logits + "_float32")
                .addOutput(logits)
                .addAttribute(AttributeProto.newBuilder()
                        .setName("to")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT16_VALUE)));
        graph.getOutputBuilder(0)
                .getTypeBuilder()
                .getTensorTypeBuilder()
                .setElemType(TensorProto.DataType.FLOAT16_VALUE);
        return model.toBuilder().setGraph(graph).build();
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
