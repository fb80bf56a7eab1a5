package io.github.bertner.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.convert.Parameter;
import io.github.bertner.convert.SafetensorsFile;
import io.github.bertner.convert.TrainingGraph;
import io.github.bertner.model.JsonFiles;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes trained weights as a Hugging Face checkpoint that transformers' {@code from_pretrained} loads and bert-ner
 * converts: {@code model.safetensors} under the checkpoint's tensor names and shapes, {@code config.json} with the
 * trained labels, and the base model's tokenizer files.
 */
final class CheckpointWriter {
    static final String WEIGHTS = "model.safetensors";

    private final Path base;
    private final List<String> tokenizerFiles;
    private final List<String> labels;

    /**
     * @param base the checkpoint that was fine-tuned
     * @param labels the trained labels, by id
     */
    CheckpointWriter(Path base, List<String> labels) throws ModelLoadException {
        this.base = base;
        this.tokenizerFiles = TrainingGraph.tokenizerFiles(base);
        this.labels = List.copyOf(labels);
    }

    /**
     * Writes the checkpoint into an existing empty directory.
     *
     * @param directory the directory
     * @param parameters the weights
     * @param values each weight's values, in graph layout
     */
    void write(Path directory, List<Parameter> parameters, FloatBuffer[] values) throws IOException {
        Map<String, SafetensorsFile.Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            FloatBuffer data = values[i];
            tensors.put(
                    parameter.name(),
                    parameter.transposed()
                            ? new SafetensorsFile.Tensor(
                                    parameter.checkpointShape(), () -> transposed(data, parameter.shape()))
                            : SafetensorsFile.Tensor.of(parameter.checkpointShape(), data));
        }
        SafetensorsFile.write(directory.resolve(WEIGHTS), tensors);
        Files.writeString(directory.resolve("config.json"), config());
        for (String file : tokenizerFiles) {
            Path target = directory.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(base.resolve(file), target);
        }
    }

    /** The base model's config with the trained labels and its token-classification architecture. */
    private String config() throws IOException {
        ObjectNode config =
                (ObjectNode) JsonFiles.readObject(base.resolve("config.json")).deepCopy();
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        ArrayNode architectures = config.putArray("architectures");
        architectures.add(TrainingGraph.className(config.path("model_type").asText()));
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n";
    }

    /** {@code [in, out]} back to the checkpoint's {@code [out, in]}. */
    private static FloatBuffer transposed(FloatBuffer values, long[] shape) {
        int in = (int) shape[0];
        int out = (int) shape[1];
        float[] result = new float[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                result[o * in + i] = values.get(i * out + o);
            }
        }
        return FloatBuffer.wrap(result);
    }
}
