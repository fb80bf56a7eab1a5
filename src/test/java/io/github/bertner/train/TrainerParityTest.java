package io.github.bertner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fine-tuning each trainable architecture's tiny checkpoint gives the steps of a torch loop with Trainer's semantics
 * (testdata/training/make-training-references.py): every step's loss and gradient norm within 1e-4 relative, the
 * same learning rates, and a trained model whose logits are torch's within 1e-3. BERT is also trained with each
 * other activation the converter spells out, so that every operator's gradient is checked against torch's.
 */
@Tag("parity")
class TrainerParityTest {
    private static final double STEP_TOLERANCE = 1e-4;
    private static final double LOGIT_TOLERANCE = 1e-3;

    /** A listener that keeps every step. */
    static final class Steps implements TrainingListener {
        final List<double[]> steps = new ArrayList<>();

        @Override
        public void step(long step, long total, double epoch, double loss, double gradNorm, double learningRate) {
            steps.add(new double[] {loss, gradNorm, learningRate});
        }
    }

    /** The settings the references were made with: file order, no dropout. */
    static TrainingSettings referenceSettings(JsonNode settings) {
        return TrainingSettings.builder()
                .epochs(settings.get("epochs").asInt())
                .batchSize(settings.get("batch_size").asInt())
                .learningRate(settings.get("learning_rate").asDouble())
                .weightDecay(settings.get("weight_decay").asDouble())
                .warmupRatio(settings.get("warmup_ratio").asDouble())
                .maxGradNorm(settings.get("max_grad_norm").asDouble())
                .shuffle(false)
                .dropout(0)
                .keepLast(true)
                .threads(1)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "distilbert", "electra", "roberta", "xlm-roberta", "camembert"})
    void stepsAndTrainedLogitsAreTorchs(String architecture, @TempDir Path temporary) throws Exception {
        JsonNode reference = new ObjectMapper()
                .readTree(TrainingData.DIRECTORY.resolve(architecture + ".json").toFile());
        Path output = temporary.resolve("trained");
        Steps steps = new Steps();
        TrainingJob job = new TrainingJob(
                Path.of("testdata/architectures", architecture),
                TrainingData.read(TrainingData.TRAIN),
                List.of(),
                output,
                referenceSettings(reference.get("settings")),
                false,
                false);
        Trainer.run(job, steps, () -> false);

        JsonNode expected = reference.get("steps");
        assertEquals(expected.size(), steps.steps.size(), "steps");
        for (int i = 0; i < expected.size(); i++) {
            double[] actual = steps.steps.get(i);
            JsonNode step = expected.get(i);
            assertRelative(step.get("loss").asDouble(), actual[0], "loss of step " + (i + 1));
            assertRelative(step.get("grad_norm").asDouble(), actual[1], "grad_norm of step " + (i + 1));
            assertEquals(step.get("learning_rate").asDouble(), actual[2], 1e-12, "learning rate of step " + (i + 1));
        }

        Path converted = temporary.resolve("converted");
        CheckpointConverter.convert(output, converted, ConversionOptions.DEFAULTS);
        long[][] ids = longs(reference.get("input_ids"));
        long[][] mask = longs(reference.get("attention_mask"));
        try (io.github.bertner.convert.OnnxLogits logits =
                new io.github.bertner.convert.OnnxLogits(converted.resolve("model.onnx"))) {
            float[][][] actual = logits.run(ids, mask, new long[ids.length][ids[0].length]);
            double difference =
                    io.github.bertner.convert.OnnxLogits.maxDifference(floats(reference.get("logits")), actual, mask);
            assertTrue(difference < LOGIT_TOLERANCE, "trained logits differ from torch's by " + difference);
        }
    }

    /** The architecture's checkpoint, with the reference's activation where it names one. */
    private static Path checkpoint(JsonNode reference, Path temporary) throws Exception {
        Path directory =
                Path.of("testdata/architectures", reference.get("architecture").asText());
        JsonNode activation = reference.get("hidden_act");
        if (activation == null || activation.isNull()) {
            return directory;
        }
        Path copy = Files.createDirectories(temporary.resolve("checkpoint"));
        for (String file : List.of("model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            Files.copy(directory.resolve(file), copy.resolve(file));
        }
        ObjectNode config = (ObjectNode)
                new ObjectMapper().readTree(directory.resolve("config.json").toFile());
        config.put("hidden_act", activation.asText());
        Files.writeString(copy.resolve("config.json"), config.toString());
        return copy;
    }

    private static void assertRelative(double expected, double actual, String what) {
        double relative = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        assertTrue(
                relative < STEP_TOLERANCE,
                what + ": torch " + expected + ", bert-ner " + actual + " (relative " + relative + ")");
    }

    static long[][] longs(JsonNode rows) {
        long[][] values = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            values[r] = new long[rows.get(r).size()];
            for (int c = 0; c < values[r].length; c++) {
                values[r][c] = rows.get(r).get(c).asLong();
            }
        }
        return values;
    }

    static float[][][] floats(JsonNode sequences) {
        float[][][] values = new float[sequences.size()][][];
        for (int s = 0; s < sequences.size(); s++) {
            JsonNode rows = sequences.get(s);
            values[s] = new float[rows.size()][];
            for (int r = 0; r < rows.size(); r++) {
                values[s][r] = new float[rows.get(r).size()];
                for (int c = 0; c < values[s][r].length; c++) {
                    values[s][r][c] = (float) rows.get(r).get(c).asDouble();
                }
            }
        }
        return values;
    }
}
