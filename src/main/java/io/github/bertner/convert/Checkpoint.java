package io.github.bertner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.JsonFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tensors of a checkpoint, whatever its files: {@code model.safetensors}, {@code pytorch_model.bin}, or the
 * shards an index ({@code model.safetensors.index.json}, {@code pytorch_model.bin.index.json}) lists. The files
 * stay open while it is, and each tensor's bytes are read when they are needed.
 */
final class Checkpoint implements AutoCloseable {
    /** A shard's file name: a plain name in the checkpoint directory, nothing above it. */
    private static final Pattern SHARD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.(safetensors|bin)");

    private final Map<String, CheckpointTensor> tensors;
    private final Map<String, Path> files;
    private final List<Closeable> open;

    private Checkpoint(Map<String, CheckpointTensor> tensors, Map<String, Path> files, List<Closeable> open) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.files = files;
        this.open = open;
    }

    /**
     * Opens a checkpoint.
     *
     * @param directory the checkpoint directory
     * @param weights the weights file or shard index there, as {@link SourceFiles} chose it
     * @throws ModelLoadException naming the file that cannot be read, or the shard the index misstates
     */
    static Checkpoint open(Path directory, String weights) throws ModelLoadException {
        Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        List<Closeable> open = new ArrayList<>();
        try {
            if (weights.endsWith(SourceFiles.INDEX_SUFFIX)) {
                readShards(directory.resolve(weights), tensors, files, open);
            } else {
                readFile(directory.resolve(weights), tensors, files, open);
            }
            return new Checkpoint(tensors, files, open);
        } catch (ModelLoadException | RuntimeException e) {
            closeAll(open);
            throw e;
        }
    }

    /** The tensors by state-dict name. */
    Map<String, CheckpointTensor> tensors() {
        return tensors;
    }

    /** The file that holds a tensor (or the first file, for a tensor it lacks), for messages. */
    Path fileOf(String tensor) {
        return files.getOrDefault(tensor, files.values().iterator().next());
    }

    /** The size of the model in float32, in bytes: what the converted graph's weights take at most. */
    long float32Bytes() {
        return tensors.values().stream()
                .filter(tensor -> tensor.dtype().isFloat())
                .mapToLong(tensor -> tensor.elementCount() * 4)
                .sum();
    }

    @Override
    public void close() {
        closeAll(open);
    }

    private static void readFile(
            Path file, Map<String, CheckpointTensor> tensors, Map<String, Path> files, List<Closeable> open)
            throws ModelLoadException {
        Map<String, CheckpointTensor> read;
        if (file.getFileName().toString().endsWith(".safetensors")) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw ModelLoadException.of(file, "cannot be read", e);
            }
            open.add(channel);
            read = SafetensorsReader.read(file, channel);
        } else {
            read = TorchCheckpointReader.read(file, open);
        }
        if (read.isEmpty()) {
            throw new ModelLoadException(
                    file, "holds no tensors (an empty state dict), so it is not a model's weights");
        }
        for (Map.Entry<String, CheckpointTensor> entry : read.entrySet()) {
            if (tensors.put(entry.getKey(), entry.getValue()) != null) {
                throw new ModelLoadException(
                        file, "holds tensor " + entry.getKey() + ", which another shard holds too");
            }
            files.put(entry.getKey(), file);
        }
    }

    /** Every shard the index names, each once; every tensor of the index in the shard it names. */
    private static void readShards(
            Path index, Map<String, CheckpointTensor> tensors, Map<String, Path> files, List<Closeable> open)
            throws ModelLoadException {
        JsonNode weightMap = JsonFiles.readObject(index).get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new ModelLoadException(index, "has no weight_map naming the shard of each tensor");
        }
        TreeSet<String> shards = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
            String shard = entry.getValue().asText("");
            if (!SHARD_NAME.matcher(shard).matches()) {
                throw new ModelLoadException(
                        index,
                        "names \"" + shard + "\" as the shard of " + entry.getKey() + ", which is no shard file name");
            }
            shards.add(shard);
        }
        for (String shard : shards) {
            readFile(index.resolveSibling(shard), tensors, files, open);
        }
        for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
            Path shard = index.resolveSibling(entry.getValue().asText());
            if (!shard.equals(files.get(entry.getKey()))) {
                throw new ModelLoadException(
                        shard,
                        "does not hold tensor " + entry.getKey() + ", which " + index.getFileName() + " puts there");
            }
        }
    }

    private static void closeAll(List<Closeable> open) {
        for (Closeable closeable : open) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing a checkpoint file failed", e);
            }
        }
    }
}
