package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.model.StagedDirectory;
import io.github.bertner.tokenizer.SpanModelTokenizer;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the model directory of a GLiNER span checkpoint: {@code model.onnx} ({@link SpanGraph}), the tokenizer
 * GLiNER runs ({@code tokenizer.json}: the model's own, else its backbone's, with {@code [FLERT]}, the entity
 * marker and the separator added as GLiNER adds them), {@code gliner_config.json}, and the encoder's config as
 * {@code config.json}.
 */
final class SpanModelConversion {
    /** The encoder config of a GLiNER model directory, beside {@code gliner_config.json}. */
    static final String ENCODER_CONFIG = "config.json";

    private SpanModelConversion() {}

    /** Writes the converted files into the staged directory. */
    static void write(Path checkpoint, SourceFiles files, ConversionOptions options, StagedDirectory staged)
            throws ModelLoadException {
        Optional<Path> backbone = options.backbone();
        SpanModelConfig config = SpanModelConfig.read(checkpoint.resolve(SpanModelConfig.FILE));
        TokenizerDefinition tokenizer = SpanModelTokenizer.of(config, checkpoint, backbone);
        int classToken = SpanModelTokenizer.classToken(config, tokenizer);
        try (Checkpoint weights = Checkpoint.open(checkpoint, files.weights().orElseThrow())) {
            ConfigFields encoderConfig =
                    encoderConfig(checkpoint, config, backbone).with("vocab_size", embeddingRows(weights, checkpoint));
            Architecture encoder = Architectures.encoder(encoderConfig);
            SpanGraph graph = new SpanGraph(config, encoder, classToken);
            GraphFiles.write(
                    staged,
                    weights,
                    options.externalDataBytes(),
                    "gliner_span",
                    builder -> graph.build(
                            builder,
                            new Weights(weights, "GLiNER", encoder.prefix(), SpanGraph.ENCODER_KEYS),
                            GraphFiles.VERSION));
            staged.writeText(ENCODER_CONFIG, encoderConfig.json().toPrettyString());
        }
        staged.writeText(TokenizerDefinition.TOKENIZER_JSON, tokenizer.json());
        staged.copy(checkpoint.resolve(SpanModelConfig.FILE), SpanModelConfig.FILE);
    }

    /** The encoder's transformers config: {@code encoder_config}, else the backbone's {@code config.json}. */
    private static ConfigFields encoderConfig(Path checkpoint, SpanModelConfig config, Optional<Path> backbone)
            throws ModelLoadException {
        if (config.encoderConfig().isPresent()) {
            return ConfigFields.of(config.file(), config.encoderConfig().get());
        }
        List<Path> directories = new ArrayList<>(List.of(checkpoint));
        backbone.ifPresent(directories::add);
        for (Path directory : directories) {
            Path file = directory.resolve(ENCODER_CONFIG);
            if (Files.isRegularFile(file)) {
                return ConfigFields.read(file);
            }
        }
        throw new ModelLoadException(
                config.file(),
                "has no encoder_config, and the backbone's config.json (" + config.backbone()
                        + ") is not here: load the model as hf:ORG/NAME (its backbone is fetched too), or copy the"
                        + " backbone's config.json into " + checkpoint);
    }

    /** The rows of the encoder's word embeddings: GLiNER resizes them to its tokenizer, past the backbone's size. */
    private static int embeddingRows(Checkpoint weights, Path checkpoint) throws ModelLoadException {
        for (Map.Entry<String, CheckpointTensor> tensor : weights.tensors().entrySet()) {
            String name = tensor.getKey();
            if (name.startsWith(SpanGraph.ENCODER_KEYS)
                    && (name.endsWith("embeddings.word_embeddings.weight")
                            || name.endsWith("embeddings.tok_embeddings.weight"))
                    && tensor.getValue().shape().length == 2) {
                return Math.toIntExact(tensor.getValue().shape()[0]);
            }
        }
        throw new ModelLoadException(
                checkpoint,
                "has no tensor " + SpanGraph.ENCODER_KEYS
                        + "embeddings.word_embeddings.weight: not a GLiNER checkpoint");
    }
}
