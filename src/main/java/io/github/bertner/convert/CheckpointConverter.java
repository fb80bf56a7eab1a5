package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.github.bertner.ModelFiles;
import io.github.bertner.ModelLoadException;
import io.github.bertner.tokenizer.TokenizerDefinition;
import io.github.bertner.zeroshot.SpanModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a Hugging Face token-classification checkpoint directory ({@code config.json}, the weights in
 * {@code model.safetensors}, {@code pytorch_model.bin} or shards listed by an index, and a tokenizer) of BERT,
 * RoBERTa, XLM-RoBERTa, CamemBERT, DistilBERT, ELECTRA, DeBERTa-v2/v3 or ModernBERT ({@link Architecture}) into a
 * model directory that {@link io.github.bertner.Tagger} loads: {@code model.onnx} with the inputs and output of an
 * Optimum export (its weights in {@code model.onnx_data} beside it past {@link #EXTERNAL_DATA_BYTES}),
 * {@code tokenizer.json} (copied, or built from the original tokenizer files as the tagger builds it), and the
 * configuration files. Pickled weights are read through an allow-list; every tensor is checked against
 * {@code config.json}; tensors are read and written one at a time. No Python is needed.
 */
public final class CheckpointConverter {
    /**
     * The version of the graph the converter writes; converted models cached under another version are
     * converted again.
     */
    public static final String VERSION = "3";

    /** Where a converted model's weights go when they are too large to be held in {@code model.onnx}. */
    public static final String EXTERNAL_DATA = "model.onnx_data";

    /**
     * Models whose float32 weights take more than this are written with external data: protobuf cannot hold 2 GB,
     * and a conversion then writes the weights one tensor at a time rather than building the model in memory.
     */
    static final long EXTERNAL_DATA_BYTES = 1L << 30;

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
     * Converts a checkpoint directory into a new model directory. The output appears complete or not at
     * all: it is written beside its final place and moved there at the end.
     *
     * @param checkpoint the checkpoint directory
     * @param output the model directory to create; must not exist, or be empty
     * @throws ModelLoadException naming the file or tensor that cannot be converted, or the output that
     *     cannot be written
     */
    public static void convert(Path checkpoint, Path output) throws ModelLoadException {
        convert(checkpoint, output, false);
    }

    /**
     * Converts a checkpoint directory into a new model directory, with the int8 model
     * {@code model_quantized.onnx} beside {@code model.onnx} if asked. The output appears complete or not at
     * all.
     *
     * @param checkpoint the checkpoint directory
     * @param output the model directory to create; must not exist, or be empty
     * @param quantize whether to write {@code model_quantized.onnx} too (see {@link DynamicQuantizer})
     * @throws ModelLoadException naming the file or tensor that cannot be converted, or the output that
     *     cannot be written
     */
    public static void convert(Path checkpoint, Path output, boolean quantize) throws ModelLoadException {
        convert(checkpoint, Optional.empty(), output, quantize);
    }

    /**
     * Converts a checkpoint directory, a GLiNER one with its backbone's files where it has no tokenizer or encoder
     * config of its own, into a new model directory, which appears complete or not at all.
     *
     * @param checkpoint the checkpoint directory
     * @param backbone a directory with the files of the GLiNER backbone named by {@code model_name}
     *     ({@code config.json} and its tokenizer), where needed
     * @param output the model directory to create; must not exist, or be empty
     * @param quantize whether to write {@code model_quantized.onnx} too (see {@link DynamicQuantizer})
     * @throws ModelLoadException naming the file or tensor that cannot be converted, or the output that
     *     cannot be written
     */
    public static void convert(Path checkpoint, Optional<Path> backbone, Path output, boolean quantize)
            throws ModelLoadException {
        convert(checkpoint, backbone, output, quantize, EXTERNAL_DATA_BYTES);
    }

    /** {@link #convert(Path, Path, boolean)}, with external data past {@code externalDataBytes} of weights. */
    static void convert(Path checkpoint, Path output, boolean quantize, long externalDataBytes)
            throws ModelLoadException {
        convert(checkpoint, Optional.empty(), output, quantize, externalDataBytes);
    }

    private static void convert(
            Path checkpoint, Optional<Path> backbone, Path output, boolean quantize, long externalDataBytes)
            throws ModelLoadException {
        SourceFiles files = SourceFiles.choose(listing(checkpoint), false, checkpoint.toString());
        if (files.isOnnxExport()) {
            throw new ModelLoadException(checkpoint, "already holds an ONNX export; use it as it is");
        }
        Path staging = staging(output);
        try {
            writeModel(checkpoint, files, backbone, staging, externalDataBytes);
            if (quantize) {
                writeQuantized(staging.resolve(ModelFiles.MODEL_ONNX), staging.resolve(ModelFiles.QUANTIZED_ONNX));
            }
            publish(staging, output);
        } finally {
            deleteQuietly(staging);
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
            byte[] hash = digest.digest(("converter " + VERSION + "\n" + source).getBytes(StandardCharsets.UTF_8));
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
     * @param entry the model directory to create in the cache
     * @return {@code entry}
     * @throws ModelLoadException if the checkpoint cannot be converted or the entry cannot be written
     */
    public static Path convertOnce(Path checkpoint, Path entry) throws ModelLoadException {
        return convertOnce(checkpoint, Optional.empty(), entry);
    }

    /**
     * {@link #convertOnce(Path, Path)} for a GLiNER checkpoint whose tokenizer or encoder config is its backbone's.
     *
     * @param checkpoint the checkpoint directory
     * @param backbone a directory with the backbone's {@code config.json} and tokenizer, where needed
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
                    convert(checkpoint, backbone, entry, false);
                }
                return entry;
            });
        } catch (IOException e) {
            throw ModelLoadException.of(entry, "cannot be created", e);
        }
    }

    /**
     * Copies a model directory (a cache entry, whose files may be links) to a new directory, which appears
     * complete or not at all.
     *
     * @param model the model directory
     * @param output the directory to create; must not exist, or be empty
     * @throws ModelLoadException naming the file that cannot be read or written
     */
    public static void copyModel(Path model, Path output) throws ModelLoadException {
        copyModel(model, output, false);
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
        Path fp32 = model.relativize(ModelFiles.locate(model, false).onnxModel());
        Path quantized = fp32.resolveSibling(ModelFiles.QUANTIZED_ONNX);
        Path staging = staging(output);
        try {
            for (String file : listing(model)) {
                if (!quantize || !Path.of(file).equals(quantized)) {
                    copy(model.resolve(file), staging.resolve(file));
                }
            }
            if (quantize) {
                writeQuantized(staging.resolve(fp32), staging.resolve(quantized));
            }
            publish(staging, output);
        } finally {
            deleteQuietly(staging);
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
                        writeQuantized(model.resolve(ModelFiles.MODEL_ONNX), temporary);
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

    /** Writes {@code model.onnx} (with its external data past {@code externalDataBytes}) and the other files. */
    private static void writeModel(
            Path checkpoint, SourceFiles files, Optional<Path> backbone, Path staging, long externalDataBytes)
            throws ModelLoadException {
        long started = System.nanoTime();
        if (SpanModelConfig.isSpanModel(checkpoint)) {
            SpanModelConversion.write(checkpoint, files, backbone, staging, externalDataBytes);
            LOG.info(
                    "Converted {} (GLiNER span model) to ONNX in {} ms",
                    checkpoint,
                    (System.nanoTime() - started) / 1_000_000);
            return;
        }
        ConfigFields config = ConfigFields.read(checkpoint.resolve("config.json"));
        Architecture architecture = Architecture.of(config);
        try (Checkpoint weights = Checkpoint.open(checkpoint, files.weights().orElseThrow())) {
            writeGraph(
                    staging,
                    weights,
                    externalDataBytes,
                    config.modelType().replace('-', '_') + "_token_classification",
                    graph -> architecture.build(
                            graph, new Weights(weights, architecture.className(), architecture.prefix()), VERSION));
        }
        for (String file : files.files()) {
            if (!files.weightFiles().contains(file)) {
                copy(checkpoint.resolve(file), staging.resolve(file));
            }
        }
        if (!files.files().contains(TokenizerDefinition.TOKENIZER_JSON)) {
            writeTokenizer(checkpoint, staging, architecture);
        }
        LOG.info(
                "Converted {} ({}, {} layers, hidden {}) to ONNX in {} ms",
                checkpoint,
                architecture.className(),
                architecture.layers(),
                architecture.hiddenSize(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Builds a graph on a graph builder. */
    interface GraphWriter {
        ModelProto build(OnnxGraphBuilder graph) throws ModelLoadException;
    }

    /**
     * Writes {@code model.onnx} into {@code staging}, its weights in {@link #EXTERNAL_DATA} beside it when the
     * checkpoint's float32 weights take more than {@code externalDataBytes}.
     */
    static void writeGraph(Path staging, Checkpoint weights, long externalDataBytes, String name, GraphWriter writer)
            throws ModelLoadException {
        boolean external = weights.float32Bytes() > externalDataBytes;
        try (ExternalData data = external ? new ExternalData(staging.resolve(EXTERNAL_DATA)) : null) {
            write(writer.build(new OnnxGraphBuilder(name, data)), staging.resolve(ModelFiles.MODEL_ONNX));
        } catch (IOException | UncheckedIOException e) {
            throw ModelLoadException.of(
                    staging.resolve(EXTERNAL_DATA),
                    "cannot be written",
                    e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e);
        }
    }

    /** Quantizes an fp32 ONNX file (whose external data is beside it) into {@code output}, which holds its own data. */
    private static void writeQuantized(Path source, Path output) throws ModelLoadException {
        long started = System.nanoTime();
        ModelProto fp32;
        try (InputStream in = Files.newInputStream(source)) {
            fp32 = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw ModelLoadException.of(source, "cannot be read", e);
        }
        Path directory = source.toAbsolutePath().getParent();
        boolean spanModel =
                SpanModelConfig.isSpanModel(directory) || SpanModelConfig.isSpanModel(directory.getParent());
        write(DynamicQuantizer.quantize(fp32, QUANTIZATION, source.getParent(), spanModel), output);
        LOG.info("Quantized {} to int8 in {} ms", source, (System.nanoTime() - started) / 1_000_000);
    }

    private static void write(ModelProto model, Path file) throws ModelLoadException {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be written: " + e.getMessage(), e);
        }
    }

    private static void writeTokenizer(Path checkpoint, Path staging, Architecture architecture)
            throws ModelLoadException {
        TokenizerDefinition tokenizer = TokenizerDefinition.fromOriginalFiles(checkpoint);
        if (tokenizer.settings().vocabularySize() > architecture.vocabularySize()) {
            throw new ModelLoadException(
                    tokenizer.source(),
                    "has " + tokenizer.settings().vocabularySize() + " entries, more than the model's vocab_size "
                            + architecture.vocabularySize());
        }
        writeText(staging.resolve(TokenizerDefinition.TOKENIZER_JSON), tokenizer.json());
    }

    /** Writes a UTF-8 text file. */
    static void writeText(Path file, String text) throws ModelLoadException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be written: " + e.getMessage(), e);
        }
    }

    private static java.util.List<String> listing(Path checkpoint) throws ModelLoadException {
        if (!Files.isDirectory(checkpoint)) {
            throw new ModelLoadException(checkpoint, "is not a checkpoint directory (no such folder)");
        }
        try (Stream<Path> paths = Files.walk(checkpoint, 2)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> checkpoint.relativize(path).toString().replace('\\', '/'))
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException(checkpoint, "cannot be listed: " + e.getMessage(), e);
        }
    }

    private static Path staging(Path output) throws ModelLoadException {
        Path absolute = output.toAbsolutePath();
        try {
            if (Files.exists(absolute) && (!Files.isDirectory(absolute) || !isEmpty(absolute))) {
                throw new ModelLoadException(
                        output, "already exists and is not an empty directory; choose another output");
            }
            return stagingDirectory(absolute);
        } catch (IOException e) {
            throw ModelLoadException.of(output, "cannot be created", e);
        }
    }

    /**
     * A new, empty directory beside {@code target}, named after it, to be filled and then moved into its place. It
     * is made with the permissions the process's umask gives any new directory (not a temporary directory's
     * owner-only ones), so that the moved result is as readable as the user's other folders.
     *
     * @param target where the result will be moved
     * @return the staging directory
     * @throws IOException if it cannot be created
     */
    public static Path stagingDirectory(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.createDirectory(parent.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID()));
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Moves the finished staging directory into place in one step. */
    static void publish(Path staging, Path output) throws ModelLoadException {
        try {
            Files.deleteIfExists(output);
            Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelLoadException(output, "cannot be created: " + e.getMessage(), e);
        }
    }

    static void copy(Path from, Path to) throws ModelLoadException {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ModelLoadException(to, "cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Removes a directory and what it holds, logging what cannot be removed (an unfinished output that cleanup
     * must not turn into a second error).
     *
     * @param directory the directory; nothing happens if it does not exist
     */
    public static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the unfinished {}: {}", directory, e.getMessage());
        }
    }
}
