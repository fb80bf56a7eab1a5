package io.github.bertner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tiny models of every architecture and the tokenizer variants in {@code testdata/architectures} and
 * {@code testdata/tokenizers}, made by transformers itself (see make-architecture-fixtures.py there), with the
 * golden output transformers gave for them.
 */
public final class ArchitectureFixtures {
    /** One directory per architecture: config, tokenizer files, weights, ONNX export. */
    public static final Path ARCHITECTURES = Path.of("testdata", "architectures");
    /** Tokenizer variants without a model. */
    public static final Path TOKENIZERS = Path.of("testdata", "tokenizers");
    /** The architectures, as their directories are named (their model_type). */
    public static final List<String> NAMES =
            List.of("bert", "distilbert", "electra", "roberta", "xlm-roberta", "camembert", "deberta-v2", "modernbert");
    /** The architectures whose repositories may hold only the original tokenizer files. */
    public static final List<String> WITH_ORIGINAL_FILES =
            NAMES.stream().filter(name -> !name.equals("modernbert")).toList();

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchitectureFixtures() {}

    /** The golden output for an architecture: texts, pipeline entities, word labels, logits. */
    public static JsonNode expected(String name) {
        return read(ARCHITECTURES.resolve("expected").resolve(name + ".json"));
    }

    /** The ids, offsets and special-token masks transformers gave for a tokenizer on {@link #battery()}. */
    public static JsonNode encodings(String name) {
        return read(TOKENIZERS.resolve("expected").resolve(name + ".json"));
    }

    /** The texts every tokenizer was run on. */
    public static List<String> battery() {
        return texts(read(TOKENIZERS.resolve("battery.json")));
    }

    /** The tokenizer variants without a model. */
    public static List<String> tokenizerVariants() {
        try (Stream<Path> entries = Files.list(TOKENIZERS)) {
            return entries.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals("expected"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pre-tokenized sentences of an architecture's golden output ({@link #expected}), as words. */
    public static List<String[]> sentences(JsonNode expected) {
        List<String[]> sentences = new ArrayList<>();
        expected.get("sentences")
                .forEach(sentence -> sentences.add(texts(sentence).toArray(String[]::new)));
        return sentences;
    }

    /** Strings of a JSON array. */
    public static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }

    /**
     * A model directory of an architecture's ONNX export: config.json and model.onnx with, as asked, transformers'
     * tokenizer.json and tokenizer_config.json, or only the original tokenizer files (no tokenizer.json).
     */
    public static Path exportDirectory(String name, boolean originalFilesOnly, Path target) throws IOException {
        Path source = ARCHITECTURES.resolve(name);
        Files.createDirectories(target);
        copy(source, target, "config.json", "model.onnx");
        if (originalFilesOnly) {
            copyAll(source.resolve("original"), target);
        } else {
            copy(source, target, "tokenizer.json", "tokenizer_config.json");
        }
        return target;
    }

    /**
     * A checkpoint directory of an architecture, as {@code save_pretrained} writes it (model.safetensors,
     * tokenizer.json) or as older repositories hold it (pytorch_model.bin and the original tokenizer files).
     */
    public static Path checkpointDirectory(String name, boolean older, Path target) throws IOException {
        Path source = ARCHITECTURES.resolve(name);
        Files.createDirectories(target);
        copy(source, target, "config.json");
        if (older && Files.isDirectory(source.resolve("original"))) {
            copy(source, target, "pytorch_model.bin");
            copyAll(source.resolve("original"), target);
        } else if (older) {
            copy(source, target, "pytorch_model.bin", "tokenizer.json", "tokenizer_config.json");
        } else {
            copy(source, target, "model.safetensors", "tokenizer.json", "tokenizer_config.json");
        }
        return target;
    }

    /** A checkpoint directory whose weights are the shards (and index) of {@code shards} in the architecture's folder. */
    public static Path shardedCheckpoint(String name, String shards, Path target) throws IOException {
        Path source = ARCHITECTURES.resolve(name);
        Files.createDirectories(target);
        copy(source, target, "config.json", "tokenizer.json", "tokenizer_config.json");
        copyAll(source.resolve(shards), target);
        return target;
    }

    static void copy(Path from, Path to, String... files) throws IOException {
        for (String file : files) {
            Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
