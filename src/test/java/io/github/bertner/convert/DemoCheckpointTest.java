package io.github.bertner.convert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo model's weights as transformers saved them ({@code testdata/danish-ner-mini-hf}), converted in
 * Java, against the ONNX graph exported from the same weights ({@code testdata/danish-ner-mini}).
 */
@Tag("parity")
class DemoCheckpointTest {
    static final Path CHECKPOINT = TestModels.MINI_CHECKPOINT;
    private static final Path EXPORTED = TestModels.MINI;
    private static final int BATCH = 32;

    @TempDir
    Path temp;

    @Test
    void convertedLogitsMatchTheExportOnDaneTest() throws Exception {
        Path converted = temp.resolve("converted");
        CheckpointConverter.convert(CHECKPOINT, converted, ConversionOptions.DEFAULTS);
        List<String> texts = new ArrayList<>();
        new ObjectMapper().readTree(TestModels.PARITY.toFile()).get("texts").forEach(text -> texts.add(text.asText()));
        double worst = 0;
        int positions = 0;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(converted.resolve("tokenizer.json"));
                OnnxLogits exported = new OnnxLogits(EXPORTED.resolve("model.onnx"));
                OnnxLogits ours = new OnnxLogits(converted.resolve("model.onnx"))) {
            for (int from = 0; from < texts.size(); from += BATCH) {
                Encoding[] encodings = tokenizer.batchEncode(texts.subList(from, Math.min(texts.size(), from + BATCH)));
                long[][][] inputs = padded(encodings);
                worst = Math.max(
                        worst,
                        OnnxLogits.maxDifference(
                                ours.run(inputs[0], inputs[1], inputs[2]),
                                exported.run(inputs[0], inputs[1], inputs[2]),
                                inputs[1]));
                for (Encoding encoding : encodings) {
                    positions += encoding.getIds().length;
                }
            }
        }
        assertThat(positions).isGreaterThan(10_000);
        assertThat(worst).isLessThan(1e-4);
        assertThat(Files.size(converted.resolve("model.onnx"))).isGreaterThan(15_000_000L);
    }

    /** input_ids, attention_mask and token_type_ids, padded to the longest encoding. */
    private static long[][][] padded(Encoding[] encodings) {
        int length = 0;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        long[][][] inputs = new long[3][encodings.length][length];
        for (int i = 0; i < encodings.length; i++) {
            System.arraycopy(encodings[i].getIds(), 0, inputs[0][i], 0, encodings[i].getIds().length);
            System.arraycopy(encodings[i].getAttentionMask(), 0, inputs[1][i], 0, encodings[i].getIds().length);
            System.arraycopy(encodings[i].getTypeIds(), 0, inputs[2][i], 0, encodings[i].getIds().length);
        }
        return inputs;
    }
}
