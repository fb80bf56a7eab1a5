package io.github.bertner.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.Aggregation;
import io.github.bertner.ArchitectureFixtures;
import io.github.bertner.ArchitecturesParity;
import io.github.bertner.Entity;
import io.github.bertner.Int8Weights;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.runtime.Int8Kernels;
import io.github.bertner.runtime.Int8WeightScan;
import io.github.bertner.tagger.Tagger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every architecture's tiny checkpoint, as save_pretrained writes it (model.safetensors, tokenizer.json) and as
 * older repositories hold it (pytorch_model.bin, the original tokenizer files), converted in Java: torch's logits
 * within 1e-4 on a padded batch of DaNE sentences, the pipeline's entities for all five strategies and the labels
 * of transformers' word ids, and an int8 model that keeps most of the fp32 entities and keeps the word labels at
 * least as well as ONNX Runtime's own quantizer of the exports does on the CPU the test runs on, with weights that
 * cannot saturate on any CPU.
 */
@Tag("parity")
class ConvertedArchitecturesTest {
    private static final double LOGIT_TOLERANCE = 1e-4;
    /**
     * The int8 entities' share of the fp32 ones (Jaccard) these 32-wide random models keep at least. Their narrow
     * layers average quantization error out less than real models do: ONNX Runtime's best per-channel scheme keeps
     * 0.90 to 0.96 of them on CPUs with and without VNNI.
     */
    private static final double INT8_AGREEMENT = 0.90;
    /**
     * How far below ONNX Runtime's best per-channel scheme on the CPU the test runs on (its int8-weight scheme keeps
     * as little as 0.39 of the entities without VNNI, which the comparison then allows for) the share of word labels
     * that int8 keeps may be: about 8 of the fixtures' 1,694 words. The comparison is of word labels, not entities,
     * because each run quantizes its activations with one scale for the whole batch, so which texts share a batch
     * moves a scheme's entity Jaccard by up to 0.02 and its word-label agreement by up to 0.003 (measured at batch
     * sizes 1, 8 and 32, where bert-ner's encoding kept from 0.0024 less than the best scheme to 0.011 more).
     */
    private static final double LABEL_AGREEMENT_TOLERANCE = 0.005;

    /** The architectures whose tokenizers are WordPiece. */
    private static final Set<String> WORDPIECE = Set.of("bert", "distilbert", "electra");

    /** ONNX Runtime's per-channel schemes, in {@code onnxruntime-int8/} of each architecture. */
    private static final List<String> ONNX_RUNTIME_SCHEMES = List.of("qint8", "qint8-reduce-range", "quint8");

    @TempDir
    Path temp;

    static Stream<String> names() {
        return ArchitectureFixtures.NAMES.stream();
    }

    static Stream<Arguments> checkpoints() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : ArchitectureFixtures.NAMES) {
            cases.add(Arguments.of(name, false));
            cases.add(Arguments.of(name, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, older layout: {1}")
    @MethodSource("checkpoints")
    void theConvertedGraphGivesTorchsLogits(String name, boolean older) throws Exception {
        Path model = converted(name, older, false);
        JsonNode logits = ArchitectureFixtures.expected(name).get("logits");
        long[][] ids = longs(logits.get("input_ids"));
        long[][] mask = longs(logits.get("attention_mask"));
        float[][][] expected = floats(logits.get("logits"));
        try (OnnxLogits onnx = new OnnxLogits(model.resolve(ModelFiles.MODEL_ONNX))) {
            float[][][] actual = onnx.run(ids, mask, new long[ids.length][ids[0].length]);
            assertThat(OnnxLogits.maxDifference(actual, expected, mask)).isLessThan(LOGIT_TOLERANCE);
        }
    }

    /**
     * Rows that pack four of the fixture's sequences each, the mask numbering them 1 to 4: every sequence gets the
     * logits torch gives it alone, whatever stands before it in its row.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void packedSequencesGetTheLogitsTorchGivesEachAlone(String name) throws Exception {
        PackedRows packed = assertPackedLogitsAreTorchs(name, 1, 3, s -> s % 3);
        assertThat(packed.mask()[0]).as("the first row packs four sequences").contains(4L);
    }

    /**
     * The fixture's sequences four times over in one row, far wider than the 512 positions of the position tables,
     * beside a row of one sequence and as much padding: each still gets torch's logits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void aRowPackedWiderThanThePositionTableStillGivesTorchsLogits(String name) throws Exception {
        PackedRows packed = assertPackedLogitsAreTorchs(name, 4, 2, s -> s == 0 ? 1 : 0);
        assertThat(packed.width()).isGreaterThan(1024);
    }

    /**
     * Packs the fixture's sequences, {@code times} over, into rows ({@code rowOf} a sequence's row), runs the converted
     * graph on them and asserts that each sequence gets torch's logits.
     */
    private PackedRows assertPackedLogitsAreTorchs(String name, int times, int rows, IntUnaryOperator rowOf)
            throws Exception {
        Path model = converted(name, false, false);
        JsonNode logits = ArchitectureFixtures.expected(name).get("logits");
        long[][] ids = repeated(longs(logits.get("input_ids")), times);
        long[][] mask = repeated(longs(logits.get("attention_mask")), times);
        float[][][] expected = repeated(floats(logits.get("logits")), times);
        PackedRows packed = PackedRows.pack(ids, mask, rows, rowOf);
        try (OnnxLogits onnx = new OnnxLogits(model.resolve(ModelFiles.MODEL_ONNX))) {
            float[][][] actual = onnx.run(packed.ids(), packed.mask(), new long[rows][packed.width()]);
            float[][][] unpacked = packed.unpack(actual, ids[0].length);
            assertThat(OnnxLogits.maxDifference(unpacked, expected, mask)).isLessThan(LOGIT_TOLERANCE);
        }
        return packed;
    }

    @ParameterizedTest(name = "{0}, older layout: {1}")
    @MethodSource("checkpoints")
    void theConvertedModelGivesThePipelinesEntitiesAndWordLabels(String name, boolean older) throws Exception {
        Path model = converted(name, older, false);
        JsonNode expected = ArchitectureFixtures.expected(name);
        List<String[]> longAndShort = new ArrayList<>(ArchitectureFixtures.sentences(expected));
        ArchitectureFixtures.sentences(expected).forEach(sentence -> longAndShort.add(new String[] {sentence[0]}));
        try (Tagger tagger = TestModels.tagger(model, RecognizerConfig.defaults())) {
            assertThat(tagger.inferenceBatches(longAndShort))
                    .as("the tagger packs short sentences beside long ones, which the entities below are tagged with")
                    .anyMatch(batch -> batch.rows().stream().anyMatch(row -> row.size() > 1));
        }
        ArchitecturesParity.assertEqualsPipeline(model, expected);
        ArchitecturesParity.assertEqualsWordLabels(model, expected);
        int fired = ArchitecturesParity.assertOnlyTheSameStartRuleDeparts(model, expected);
        if (WORDPIECE.contains(name)) {
            assertThat(fired)
                    .as("WordPiece never gives two sub-tokens one start")
                    .isZero();
        } else {
            assertThat(fired).as("texts where the same-start rule fires").isPositive();
        }
    }

    @ParameterizedTest(name = "{0}, older layout: {1}")
    @MethodSource("checkpoints")
    void int8KeepsTheEntitiesAndWordLabelsAsWellAsOnnxRuntimesOwnQuantizer(String name, boolean older)
            throws Exception {
        Path model = converted(name, older, true);
        JsonNode expected = ArchitectureFixtures.expected(name);
        List<String> texts = ArchitectureFixtures.texts(expected.get("texts"));
        List<String[]> sentences = ArchitectureFixtures.sentences(expected);
        String cpu = " on " + Int8Kernels.thisProcessor().description();
        assertThat(jaccard(entities(model, texts, false), entities(model, texts, true)))
                .as("Jaccard of int8 and fp32 entities" + cpu)
                .isGreaterThanOrEqualTo(INT8_AGREEMENT);
        double ours = labelAgreement(wordLabels(model, sentences, false), wordLabels(model, sentences, true));
        Path export = ArchitectureFixtures.exportDirectory(name, false, temp.resolve("export"));
        List<String> exportLabels = wordLabels(export, sentences, false);
        Map<String, Double> onnxRuntime = new TreeMap<>();
        for (String scheme : ONNX_RUNTIME_SCHEMES) {
            Files.copy(
                    ArchitectureFixtures.ARCHITECTURES
                            .resolve(name)
                            .resolve("onnxruntime-int8")
                            .resolve(scheme + ".onnx"),
                    export.resolve(ModelFiles.QUANTIZED_ONNX),
                    StandardCopyOption.REPLACE_EXISTING);
            onnxRuntime.put(scheme, labelAgreement(exportLabels, wordLabels(export, sentences, true)));
        }
        assertThat(ours)
                .as("word labels int8 keeps, against ONNX Runtime's per-channel schemes" + cpu + ", which keep "
                        + onnxRuntime)
                .isGreaterThanOrEqualTo(Collections.max(onnxRuntime.values()) - LABEL_AGREEMENT_TOLERANCE);
        assertThat(Files.size(model.resolve(ModelFiles.QUANTIZED_ONNX)))
                .isLessThan(Files.size(model.resolve(ModelFiles.MODEL_ONNX)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "deberta-v2", "modernbert"})
    void everyInt8WeightIsUint8SoThatNoProcessorSaturates(String name) throws Exception {
        Path model = converted(name, false, true);
        ModelProto quantized = ModelProto.parseFrom(Files.readAllBytes(model.resolve(ModelFiles.QUANTIZED_ONNX)));
        Map<String, Integer> types = new HashMap<>();
        quantized.getGraph().getInitializerList().forEach(tensor -> types.put(tensor.getName(), tensor.getDataType()));
        List<NodeProto> products = quantized.getGraph().getNodeList().stream()
                .filter(node -> node.getOpType().equals("MatMulInteger"))
                .toList();
        assertThat(products).hasSizeGreaterThan(5);
        assertThat(products)
                .allSatisfy(node -> assertThat(types.get(node.getInput(1)))
                        .as(node.getInput(1))
                        .isEqualTo(TensorProto.DataType.UINT8.getNumber()));
        Int8Weights weights = Int8WeightScan.scan(model.resolve(ModelFiles.QUANTIZED_ONNX));
        assertThat(weights.products()).isEqualTo(products.size());
        assertThat(weights.canSaturate()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deberta-v2", "modernbert", "roberta"})
    void windowsOfFullLengthGiveTheExportsEntities(String name) throws Exception {
        Path model = converted(name, false, false);
        Path export = ArchitectureFixtures.exportDirectory(name, false, temp.resolve("export"));
        String text = String.join(
                " ",
                ArchitectureFixtures.texts(ArchitectureFixtures.expected(name).get("texts")));
        try (Tagger converted = TestModels.tagger(model);
                Tagger exported = TestModels.tagger(export)) {
            List<Entity> entities = converted.tag(text);
            List<Entity> expected = exported.tag(text);
            assertThat(entities).hasSizeGreaterThan(100);
            assertThat(entities)
                    .extracting(e -> e.label() + " " + e.start() + " " + e.end())
                    .containsExactlyElementsOf(expected.stream()
                            .map(e -> e.label() + " " + e.start() + " " + e.end())
                            .toList());
            for (int i = 0; i < entities.size(); i++) {
                assertThat(entities.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-4));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sharded-safetensors", "sharded-pytorch"})
    void aShardedCheckpointConvertsAsItsSingleFileTwinDoes(String shards) throws Exception {
        Path single = converted("xlm-roberta", false, false);
        Path checkpoint = ArchitectureFixtures.shardedCheckpoint("xlm-roberta", shards, temp.resolve(shards));
        Path output = temp.resolve(shards + "-converted");
        CheckpointConverter.convert(checkpoint, output, ConversionOptions.DEFAULTS);
        assertThat(output.resolve(ModelFiles.MODEL_ONNX)).hasSameBinaryContentAs(single.resolve(ModelFiles.MODEL_ONNX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xlm-roberta", "deberta-v2", "modernbert"})
    void withExternalDataTheModelGivesTheSameLogitsAndItsInt8HoldsItsOwnData(String name) throws Exception {
        Path checkpoint = ArchitectureFixtures.checkpointDirectory(name, false, temp.resolve("checkpoint"));
        Path inline = temp.resolve("inline");
        Path external = temp.resolve("external");
        CheckpointConverter.convert(checkpoint, inline, ConversionOptions.DEFAULTS.withQuantize(true));
        CheckpointConverter.convert(
                checkpoint,
                external,
                ConversionOptions.DEFAULTS.withQuantize(true).withExternalDataBytes(0));
        assertThat(external.resolve(GraphFiles.EXTERNAL_DATA)).isRegularFile();
        assertThat(Files.size(external.resolve(ModelFiles.MODEL_ONNX)))
                .isLessThan(Files.size(inline.resolve(ModelFiles.MODEL_ONNX)) / 4);
        JsonNode logits = ArchitectureFixtures.expected(name).get("logits");
        long[][] ids = longs(logits.get("input_ids"));
        long[][] mask = longs(logits.get("attention_mask"));
        try (OnnxLogits a = new OnnxLogits(inline.resolve(ModelFiles.MODEL_ONNX));
                OnnxLogits b = new OnnxLogits(external.resolve(ModelFiles.MODEL_ONNX))) {
            long[][] types = new long[ids.length][ids[0].length];
            assertThat(OnnxLogits.maxDifference(a.run(ids, mask, types), b.run(ids, mask, types), mask))
                    .isZero();
        }
        assertThat(external.resolve(ModelFiles.QUANTIZED_ONNX))
                .hasSameBinaryContentAs(inline.resolve(ModelFiles.QUANTIZED_ONNX));
    }

    @Test
    void aShardIndexNamesTheShardItMisstates() throws Exception {
        Path checkpoint =
                ArchitectureFixtures.shardedCheckpoint("xlm-roberta", "sharded-safetensors", temp.resolve("escape"));
        Path index = checkpoint.resolve("model.safetensors.index.json");
        Files.writeString(
                index, Files.readString(index).replaceFirst("model-00001-of-00002", "../model-00001-of-00002"));
        assertThatThrownBy(
                        () -> CheckpointConverter.convert(checkpoint, temp.resolve("out1"), ConversionOptions.DEFAULTS))
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("../model-00001-of-00002.safetensors")
                .hasMessageContaining("no shard file name");
        Path missing =
                ArchitectureFixtures.shardedCheckpoint("xlm-roberta", "sharded-safetensors", temp.resolve("missing"));
        Files.delete(missing.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> CheckpointConverter.convert(missing, temp.resolve("out2"), ConversionOptions.DEFAULTS))
                .hasMessageContaining("model-00002-of-00002.safetensors");
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        assertThat(a).hasSizeGreaterThan(100);
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        Set<String> either = new HashSet<>(a);
        either.addAll(b);
        return (double) both.size() / either.size();
    }

    private Path converted(String name, boolean older, boolean quantize) throws Exception {
        Path checkpoint = ArchitectureFixtures.checkpointDirectory(name, older, temp.resolve("checkpoint"));
        Path output = temp.resolve("converted");
        CheckpointConverter.convert(checkpoint, output, ConversionOptions.DEFAULTS.withQuantize(quantize));
        return output;
    }

    /** The first sub-token label of every word of every sentence, in order. */
    private static List<String> wordLabels(Path model, List<String[]> sentences, boolean quantized) throws Exception {
        RecognizerConfig config = RecognizerConfig.builder()
                .aggregation(Aggregation.NONE)
                .quantized(quantized)
                .build();
        List<String> labels = new ArrayList<>();
        try (Tagger tagger = Tagger.loadDirectory(model, config)) {
            tagger.labelTokens(sentences).forEach(sentence -> labels.addAll(sentence.labels()));
        }
        return labels;
    }

    private static double labelAgreement(List<String> fp32, List<String> int8) {
        assertThat(int8).hasSameSizeAs(fp32).hasSizeGreaterThan(1000);
        long same = IntStream.range(0, fp32.size())
                .filter(i -> fp32.get(i).equals(int8.get(i)))
                .count();
        return (double) same / fp32.size();
    }

    private static Set<String> entities(Path model, List<String> texts, boolean quantized) throws Exception {
        Set<String> entities = new HashSet<>();
        RecognizerConfig config = RecognizerConfig.builder()
                .aggregation(Aggregation.FIRST)
                .quantized(quantized)
                .build();
        try (Tagger tagger = Tagger.loadDirectory(model, config)) {
            List<List<Entity>> found = tagger.tag(texts);
            for (int t = 0; t < found.size(); t++) {
                for (Entity entity : found.get(t)) {
                    entities.add(t + " " + entity.label() + " " + entity.start() + " " + entity.end());
                }
            }
        }
        return entities;
    }

    /** The rows {@code times} over, one after another. */
    @SuppressWarnings("unchecked")
    private static <T> T repeated(T rows, int times) {
        Object[] array = (Object[]) rows;
        Object[] copies = Arrays.copyOf(array, array.length * times);
        for (int t = 1; t < times; t++) {
            System.arraycopy(array, 0, copies, t * array.length, array.length);
        }
        return (T) copies;
    }

    private static long[][] longs(JsonNode rows) {
        long[][] values = new long[rows.size()][];
        for (int r = 0; r < values.length; r++) {
            values[r] = new long[rows.get(r).size()];
            for (int c = 0; c < values[r].length; c++) {
                values[r][c] = rows.get(r).get(c).asLong();
            }
        }
        return values;
    }

    private static float[][][] floats(JsonNode batch) {
        float[][][] values = new float[batch.size()][][];
        for (int s = 0; s < values.length; s++) {
            JsonNode sequence = batch.get(s);
            values[s] = new float[sequence.size()][];
            for (int t = 0; t < sequence.size(); t++) {
                values[s][t] = new float[sequence.get(t).size()];
                for (int l = 0; l < values[s][t].length; l++) {
                    values[s][t][l] = (float) sequence.get(t).get(l).asDouble();
                }
            }
        }
        return values;
    }
}
