package io.github.bertner.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Aggregation;
import io.github.bertner.ArchitectureFixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Probabilities in float32 as the Hugging Face pipeline computes them with numpy, bit for bit, and the ties that
 * only float32 has.
 */
@Tag("unit")
class Float32ScoresTest {

    @Test
    void softmaxGivesNumpysFloatsBitForBit() throws IOException {
        JsonNode cases = new ObjectMapper()
                .readTree(ArchitectureFixtures.ARCHITECTURES
                        .resolve("expected")
                        .resolve("numpy-softmax.json")
                        .toFile());
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (JsonNode rows : cases) {
            for (int r = 0; r < rows.get("logits").size(); r++) {
                float[] logits = floats(rows.get("logits").get(r));
                float[] expected = floats(rows.get("scores").get(r));
                float[] actual = Probabilities.softmax(logits, 0, logits.length);
                compared++;
                if (!java.util.Arrays.equals(expected, actual)) {
                    mismatches.add(java.util.Arrays.toString(logits));
                }
            }
        }
        assertThat(compared).isGreaterThan(2000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void twoConfidentSubwordsThatTieInFloat32KeepTheFirstUnderMax() {
        // Two labels; logit gaps of 16.0 and 16.6 give 0.99999989 and 0.99999994 in double, both 1 - 2^-23 in
        // float32 (numpy's own result), so the pipeline keeps the first subword and its label.
        float[] logits = {0f, 16f, 16.6f, 0f};
        ProbabilityRows rows = new ProbabilityRows(new float[][] {logits}, new int[2], new int[] {0, 1}, 2);
        assertThat(rows.get(0)[1]).isEqualTo(rows.get(1)[0]).isEqualTo(1f - 0x1p-23f);
        WordScorer.Choice choice = WordScorer.choose(Aggregation.MAX, rows, 0, 2);
        assertThat(choice.label()).isEqualTo(1);
        assertThat(choice.score()).isEqualTo(1f - 0x1p-23f);
    }

    private static float[] floats(JsonNode bits) {
        float[] values = new float[bits.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(bits.get(i).asInt());
        }
        return values;
    }
}
