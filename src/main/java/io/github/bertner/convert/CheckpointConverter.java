package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.github.bertner.ModelLoadException;
import io.github.bertner.internal.FileLocks;
import io.github.bertner.internal.FileTrees;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.model.StagedDirectory;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a Hugging Face token-classification checkpoint directory ({@code config.json}, the weights in
 * {@code model.safetensors}, {@code pytorch_model.bin} or shards listed by an index, and a tokenizer) of BERT,
 * RoBERTa, XLM-RoBERTa, CamemBERT, DistilBERT, ELECTRA, DeBERTa-v2/v3 or ModernBERT ({@link Architecture}) into a
 * model directory that the recognizers load: {@code model.onnx} with the inputs and output of an Optimum export (its
 * weights in {@code model.onnx_data} beside it past {@link ConversionOptions#EXTERNAL_DATA_BYTES}),
 * {@code tokenizer.json} (copied, or built from the original tokenizer files as the tagger builds it), and the
 * configuration files. Pickled weights are read through an allow-list; every tensor is checked against
 * {@code config.json}; tensors are read and written one at a time. No Python is needed.
 */
public final class CheckpointConverter {
    /** The weight scales of {@code model_quantized.onnx}. */
    static final DynamicQuantizer.Granularity QUANTIZATION = DynamicQuantizer.Granularity.PER_CHANNEL;

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointConverter.class);

    private CheckpointConverter() {}

    /**
     * Whether a directory is a checkpoint to convert: it has a {@code config.json} (or a GLiNER
     * {@code gliner_config.json}) and weights, and no ONNX export.
     *
     * @param directory the directory
     * @return true if {@link #convert} applies to it
     */
    public static boolean isCheckpoint(Path directory) {
        return (Files.isRegularFile(directory.resolve("config.json")) || SpanModelConfig.isSpanModel(directory))
                && !Files.isRegularFile(directory.resolve(ModelFiles.MODEL_ONNX))
                && !Files.isRegularFile(directory.resolve("onnx").resolve(ModelFiles.MODEL_ONNX))
                && SourceFiles.WEIGHTS.stream().anyMatch(file -> Files.isRegularFile(directory.resolve(file)));
    }

    /**
     * Converts a checkpoint directory into a new model directory: a token classifier of any architecture
     * {@link Architecture} knows, or a GLiNER span model. The output appears complete or not at all: it is written
     * beside its final place and moved there at the end.
     *
     * @param checkpoint the checkpoint directory
     * @param output the model directory to create; must not exist, or be empty
     * @param options the backbone, int8 model and external data settings
     * @throws ModelLoadException naming the file or tensor that cannot be converted, or the output that
     *     cannot be written
     */
    public static void convert(Path checkpoint, Path output, ConversionOptions options) throws ModelLoadException {
        SourceFiles files = SourceFiles.choose(listing(checkpoint), false, checkpoint.toString());
        if (files.isOnnxExport()) {
            throw new ModelLoadException(checkpoint, "already holds an ONNX export; use it as it is");
        }
        boolean spanModel = SpanModelConfig.isSpanModel(checkpoint);
        try (StagedDirectory staged = StagedDirectory.forOutput(output)) {
            writeModel(checkpoint, spanModel, files, options, staged);
            if (options.quantize()) {
                writeQuantized(
                        staged.resolve(ModelFiles.MODEL_ONNX), staged.resolve(ModelFiles.QUANTIZED_ONNX), spanModel);
            }
            staged.publish();
        }
    }

    /**
     * The name of a conversion's cache entry: 16 hex digits of the sha256 of the converter version and
     * what identifies the source, so that a new converter version or other source files get a new entry.
     *
     * @param source what identifies the checkpoint (its files, a commit)
     * @return the key
     */
    public static String cacheKey(String source) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash =
                    digest.digest(("converter " + GraphFiles.VERSION + "\n" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Converts a checkpoint into a cache entry unless the entry already holds its conversion. Processes and
     * threads that convert the same entry at once take turns; the later ones find it done.
     *
     * @param checkpoint the checkpoint directory
     * @param backbone for a GLiNER checkpoint, a directory with its backbone's {@code config.json} and tokenizer,
     *     where needed
     * @param entry the model directory to create in the cache
     * @return {@code entry}
     * @throws ModelLoadException if the checkpoint cannot be converted or the entry cannot be written
     */
    public static Path convertOnce(Path checkpoint, Optional<Path> backbone, Path entry) throws ModelLoadException {
        if (Files.isRegularFile(entry.resolve(ModelFiles.MODEL_ONNX))) {
            return entry;
        }
        try {
            return FileLocks.holding(entry.resolveSibling(entry.getFileName() + ".lock"), () -> {
                if (!Files.isRegularFile(entry.resolve(ModelFiles.MODEL_ONNX))) {
                    LOG.info("Converting {} into {}", checkpoint, entry);
                    convert(checkpoint, entry, ConversionOptions.DEFAULTS.withBackbone(backbone));
                }
                return entry;
            });
        } catch (IOException e) {
            throw ModelLoadException.of(entry, "cannot be created", e);
        }
    }

    /**
     * Copies a model directory with an ONNX export to a new directory, which appears complete or not at all; with
     * {@code quantize}, {@code model_quantized.onnx} is written anew from {@code model.onnx} by
     * {@link DynamicQuantizer} (replacing one the directory has, made by another quantizer or an earlier version).
     *
     * @param model the model directory
     * @param output the directory to create; must not exist, or be empty
     * @param quantize whether to write {@code model_quantized.onnx}
     * @throws ModelLoadException naming the file that is missing, or cannot be read or written
     */
    public static void copyModel(Path model, Path output, boolean quantize) throws ModelLoadException {
        boolean spanModel = SpanModelConfig.isSpanModel(model);
        Path graph = spanModel
                ? ModelFiles.onnx(model, false)
                : ModelFiles.locate(model, false).onnxModel();
        Path fp32 = model.relativize(graph);
        Path quantized = fp32.resolveSibling(ModelFiles.QUANTIZED_ONNX);
        try (StagedDirectory staged = StagedDirectory.forOutput(output)) {
            for (String file : listing(model)) {
                if (!quantize || !Path.of(file).equals(quantized)) {
                    staged.copy(model.resolve(file), file);
                }
            }
            if (quantize) {
                writeQuantized(staged.path().resolve(fp32), staged.path().resolve(quantized), spanModel);
            }
            staged.publish();
        }
    }

    /**
     * Adds {@code model_quantized.onnx} to a model directory made by the converter, unless it is there.
     * Processes and threads that quantize the same directory at once take turns; the later ones find it
     * done. The file appears complete or not at all.
     *
     * @param model a model directory with {@code model.onnx}
     * @return {@code model}
     * @throws ModelLoadException if {@code model.onnx} cannot be read or the result cannot be written
     */
    public static Path quantizeOnce(Path model) throws ModelLoadException {
        Path quantized = model.resolve(ModelFiles.QUANTIZED_ONNX);
        if (Files.isRegularFile(quantized)) {
            return model;
        }
        try {
            return FileLocks.holding(model.resolveSibling(model.getFileName() + ".lock"), () -> {
                if (!Files.isRegularFile(quantized)) {
                    Path temporary = model.resolve("." + ModelFiles.QUANTIZED_ONNX + ".partial-" + UUID.randomUUID());
                    try {
                        writeQuantized(
                                model.resolve(ModelFiles.MODEL_ONNX), temporary, SpanModelConfig.isSpanModel(model));
                        Files.move(temporary, quantized, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(temporary);
                    }
                }
                return model;
            });
        } catch (IOException e) {
            throw ModelLoadException.of(quantized, "cannot be written", e);
        }
    }

    /** Writes {@code model.onnx} (with its external data as the options say) and the other files. */
    private static void writeModel(
            Path checkpoint, boolean spanModel, SourceFiles files, ConversionOptions options, StagedDirectory staged)
            throws ModelLoadException {
        long started = System.nanoTime();
        if (spanModel) {
            SpanModelConversion.write(checkpoint, files, options, staged);
            LOG.info("Converted {} (GLiNER span model) to ONNX in {} ms", checkpoint, millisSince(started));
            return;
        }
        ConfigFields config = ConfigFields.read(checkpoint.resolve("config.json"));
        Architecture architecture = Architectures.of(config);
        try (Checkpoint weights = Checkpoint.open(checkpoint, files.weights().orElseThrow())) {
            GraphFiles.write(
                    staged,
                    weights,
                    options.externalDataBytes(),
                    config.modelType().replace('-', '_') + "_token_classification",
                    graph -> architecture.build(
                            graph,
                            new Weights(weights, architecture.className(), architecture.prefix()),
                            GraphFiles.VERSION));
        }
        for (String file : files.files()) {
            if (!files.weightFiles().contains(file)) {
                staged.copy(checkpoint.resolve(file), file);
            }
        }
        if (!files.files().contains(TokenizerDefinition.TOKENIZER_JSON)) {
            writeTokenizer(checkpoint, staged, architecture);
        }
        LOG.info(
                "Converted {} ({}, {} layers, hidden {}) to ONNX in {} ms",
                checkpoint,
                architecture.className(),
                architecture.layers(),
                architecture.hiddenSize(),
                millisSince(started));
    }

    /**
     * Quantizes an fp32 ONNX file (whose external data is beside it) into {@code output}, which holds its own data;
     * a GLiNER span model keeps the parts {@link DynamicQuantizer} leaves float for span models.
     */
    private static void writeQuantized(Path source, Path output, boolean spanModel) throws ModelLoadException {
        long started = System.nanoTime();
        ModelProto fp32;
        try (InputStream in = Files.newInputStream(source)) {
            fp32 = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw ModelLoadException.of(source, "cannot be read", e);
        }
        GraphFiles.write(DynamicQuantizer.quantize(fp32, QUANTIZATION, source.getParent(), spanModel), output);
        LOG.info("Quantized {} to int8 in {} ms", source, millisSince(started));
    }

    private static void writeTokenizer(Path checkpoint, StagedDirectory staged, Architecture architecture)
            throws ModelLoadException {
        TokenizerDefinition tokenizer = TokenizerDefinition.fromOriginalFiles(checkpoint);
        if (tokenizer.settings().vocabularySize() > architecture.vocabularySize()) {
            throw new ModelLoadException(
                    tokenizer.source(),
                    "has " + tokenizer.settings().vocabularySize() + " entries, more than the model's vocab_size "
                            + architecture.vocabularySize());
        }
        staged.writeText(TokenizerDefinition.TOKENIZER_JSON, tokenizer.json());
    }

    /**
     * The complete files of a directory (a symbolic link to one too) and of its folders one level down, relative to
     * it, with {@code /} separators; files that other processes are still linking or writing into it (a Hub cache
     * snapshot) are left out.
     *
     * @param checkpoint the directory
     * @return the files
     * @throws ModelLoadException if it is not a directory or cannot be listed
     */
    public static java.util.List<String> listing(Path checkpoint) throws ModelLoadException {
        if (!Files.isDirectory(checkpoint)) {
            throw new ModelLoadException(checkpoint, "is not a checkpoint directory (no such folder)");
        }
        try {
            return FileTrees.completeFiles(checkpoint.toRealPath(), 2);
        } catch (IOException e) {
            throw new ModelLoadException(checkpoint, "cannot be listed: " + e.getMessage(), e);
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
