package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.tokenizer.TokenizerDefinition;
import io.github.bertner.tokenizer.TokenizerLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which files of a Hugging Face model repository (or a local copy of one) make a model: {@code config.json} (for a
 * GLiNER model {@code gliner_config.json}, with {@code config.json} where it has one);
 * {@code tokenizer.json}, else the original tokenizer files it has ({@code vocab.txt},
 * {@code sentencepiece.bpe.model}, {@code spm.model}, {@code vocab.json} and {@code merges.txt}), with
 * {@code tokenizer_config.json} and {@code special_tokens_map.json} where present; an ONNX export where the
 * repository has one, else the weights, {@code model.safetensors} before {@code pytorch_model.bin}.
 *
 * @param files the files to fetch or read, as paths relative to the repository root
 * @param weights the checkpoint to convert (a weights file, or the index of a sharded checkpoint), or empty when
 *     {@code files} hold an ONNX export
 * @param weightFiles the weights file, or the index and its shards, among {@code files}
 */
public record SourceFiles(List<String> files, Optional<String> weights, List<String> weightFiles) {
    /** The safetensors weights file. */
    public static final String SAFETENSORS = "model.safetensors";
    /** The PyTorch weights file. */
    public static final String PYTORCH = "pytorch_model.bin";
    /** What a sharded checkpoint's index adds to the name of the file it stands for. */
    public static final String INDEX_SUFFIX = ".index.json";
    /** The weights the converter reads, in order of preference: single files, then shard indexes. */
    public static final List<String> WEIGHTS =
            List.of(SAFETENSORS, PYTORCH, SAFETENSORS + INDEX_SUFFIX, PYTORCH + INDEX_SUFFIX);

    /** The names transformers gives shards: {@code model-00001-of-00002.safetensors}. */
    private static final Pattern SHARD = Pattern.compile("(model|pytorch_model)-\\d+-of-\\d+\\.(safetensors|bin)");

    private static final List<String> OTHER_FRAMEWORKS =
            List.of("tf_model.h5", "flax_model.msgpack", "model.ckpt.index", "rust_model.ot");

    /** Copies the file lists. */
    public SourceFiles {
        files = List.copyOf(files);
        weightFiles = List.copyOf(weightFiles);
    }

    /**
     * Chooses the files.
     *
     * @param available every file the repository or directory holds, relative to its root
     * @param quantized whether the int8 ONNX export is wanted
     * @param where the repository or directory, for messages
     * @return the choice
     * @throws ModelLoadException naming what is missing, or the kind of weights that cannot be used
     */
    public static SourceFiles choose(Collection<String> available, boolean quantized, String where)
            throws ModelLoadException {
        return choose(available, true, quantized, where);
    }

    /**
     * Chooses the files of a checkpoint, passing over an ONNX export it may hold beside them: what training reads.
     *
     * @param available every file the repository or directory holds, relative to its root
     * @param where the repository or directory, for messages
     * @return the choice, with weights
     * @throws ModelLoadException naming what is missing, or the kind of weights that cannot be used
     */
    public static SourceFiles checkpoint(Collection<String> available, String where) throws ModelLoadException {
        return choose(available, false, false, where);
    }

    private static SourceFiles choose(Collection<String> available, boolean onnxExport, boolean quantized, String where)
            throws ModelLoadException {
        Set<String> present = new TreeSet<>(available);
        boolean spanModel = present.contains(SpanModelConfig.FILE);
        if (!spanModel && !present.contains("config.json")) {
            throw new ModelLoadException(
                    where, "has no config.json (nor a GLiNER gliner_config.json): not a transformers model");
        }
        List<String> files = new ArrayList<>();
        if (spanModel) {
            files.add(SpanModelConfig.FILE);
            if (present.contains("config.json")) {
                files.add("config.json");
            }
        } else {
            files.add("config.json");
        }
        files.addAll(tokenizer(present, where, !spanModel));
        Optional<String> onnx = onnxExport ? onnx(present, quantized) : Optional.empty();
        if (onnx.isPresent()) {
            files.add(onnx.get());
            externalData(present, onnx.get()).ifPresent(files::add);
            return new SourceFiles(files, Optional.empty(), List.of());
        }
        String weights = weights(present, where);
        List<String> weightFiles = new ArrayList<>(List.of(weights));
        if (weights.endsWith(INDEX_SUFFIX)) {
            String extension = weights.startsWith(SAFETENSORS) ? ".safetensors" : ".bin";
            present.stream()
                    .filter(file -> SHARD.matcher(file).matches() && file.endsWith(extension))
                    .forEach(weightFiles::add);
        }
        files.addAll(weightFiles);
        return new SourceFiles(files, Optional.of(weights), weightFiles);
    }

    /**
     * Chooses the files of a GLiNER model's backbone repository: its {@code config.json} and tokenizer, which GLiNER
     * takes from there when the model has none.
     *
     * @param available every file the repository holds
     * @param where the repository, for messages
     * @return the choice, without weights
     * @throws ModelLoadException naming what is missing
     */
    public static SourceFiles backbone(Collection<String> available, String where) throws ModelLoadException {
        Set<String> present = new TreeSet<>(available);
        if (!present.contains("config.json")) {
            throw new ModelLoadException(where, "has no config.json: not a transformers model");
        }
        List<String> files = new ArrayList<>(List.of("config.json"));
        files.addAll(tokenizer(present, where, true));
        return new SourceFiles(files, Optional.empty(), List.of());
    }

    /** Whether the chosen files are an ONNX export rather than a checkpoint to convert. */
    public boolean isOnnxExport() {
        return weights.isEmpty();
    }

    /** The tokenizer's files; a GLiNER model may have none (it takes its backbone's). */
    private static List<String> tokenizer(Set<String> present, String where, boolean required)
            throws ModelLoadException {
        List<String> files = new ArrayList<>();
        if (present.contains(TokenizerDefinition.TOKENIZER_JSON)) {
            files.add(TokenizerDefinition.TOKENIZER_JSON);
        } else {
            TokenizerLayout.allFiles().stream().filter(present::contains).forEach(files::add);
            if (files.isEmpty() && required) {
                throw TokenizerLayout.missing(where);
            }
        }
        TokenizerDefinition.SETTINGS_FILES.stream().filter(present::contains).forEach(files::add);
        return files;
    }

    private static Optional<String> onnx(Set<String> present, boolean quantized) {
        String name = quantized ? ModelFiles.QUANTIZED_ONNX : ModelFiles.MODEL_ONNX;
        for (String candidate : List.of(name, "onnx/" + name)) {
            if (present.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> externalData(Set<String> present, String onnx) {
        for (String candidate : List.of(onnx + "_data", onnx + ".data")) {
            if (present.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String weights(Set<String> present, String where) throws ModelLoadException {
        for (String weights : WEIGHTS) {
            if (present.contains(weights)) {
                return weights;
            }
        }
        List<String> others =
                OTHER_FRAMEWORKS.stream().filter(present::contains).toList();
        String found = others.isEmpty() ? "no weights" : "only " + String.join(", ", others) + " (not PyTorch weights)";
        throw new ModelLoadException(
                where,
                "has " + found + ": bert-ner needs " + SAFETENSORS + " or " + PYTORCH
                        + " (or their shards and index) to convert, or an ONNX export (" + ModelFiles.MODEL_ONNX + ")");
    }
}
