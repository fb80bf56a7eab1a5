package io.github.bertner.spark;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizers;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;

/**
 * Where each Spark executor finds the model directory. Resolved on the executor, when its first task
 * needs the model.
 *
 * <ul>
 *   <li>{@link #path(String)}: a directory that every executor can read under the same path (a shared
 *       file system, a directory baked into the executor image, or the local disk in local mode).
 *   <li>{@link #sparkFile(String)}: a directory distributed by Spark, found with
 *       {@link SparkFiles#get(String)}: one added with {@code SparkContext.addFile(dir, true)} (by its
 *       directory name), or an archive given to {@code spark-submit --archives model.zip#NAME} or
 *       {@code SparkContext.addArchive} (by {@code NAME}, the directory it is unpacked into).
 *   <li>{@link #sparkFilesRoot()}: the model's files given one by one to {@code spark-submit --files}
 *       ({@code config.json}, {@code tokenizer.json}, {@code model.onnx}), which Spark puts side by side
 *       in {@link SparkFiles#getRootDirectory()}.
 * </ul>
 *
 * <p>The text form, accepted by {@link #parse(String)} and {@code NerJob --model}, is a plain path,
 * {@code spark-files:NAME} or {@code spark-files:} (the root). A Hugging Face Hub model
 * ({@code hf:ORG/NAME}) or a checkpoint is resolved once, on the driver, by {@link #shipped}: no executor
 * talks to the Hub or converts anything.
 */
public final class ModelSource implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The prefix of the text form that names a file distributed by Spark. */
    public static final String SPARK_FILES_PREFIX = "spark-files:";

    private final boolean distributed;
    private final String location;

    private ModelSource(boolean distributed, String location) {
        this.distributed = distributed;
        this.location = location;
    }

    /**
     * A model directory that every executor reads under the same path.
     *
     * @param directory the directory's path on the executors
     * @return the source
     * @throws IllegalArgumentException if {@code directory} is null or blank
     */
    public static ModelSource path(String directory) {
        return new ModelSource(false, requireText(directory, "directory"));
    }

    /**
     * A model directory distributed by Spark under a name ({@code addFile(dir, true)}, {@code --archives}).
     *
     * @param name the name passed to {@link SparkFiles#get(String)}: the directory's file name, or the
     *     {@code #NAME} alias of an archive
     * @return the source
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    public static ModelSource sparkFile(String name) {
        return new ModelSource(true, requireText(name, "name"));
    }

    /**
     * The model's files distributed one by one by Spark ({@code --files}), in Spark's file root.
     *
     * @return the source
     */
    public static ModelSource sparkFilesRoot() {
        return new ModelSource(true, "");
    }

    /**
     * Resolves a model location on the driver (fetching a Hub model into the driver's cache and converting
     * a checkpoint, as {@link io.github.bertner.Recognizers#resolve} does) and distributes the resulting model
     * directory to the executors with {@code SparkContext.addFile(dir, true)}.
     *
     * @param context the driver's Spark context
     * @param location the model: a directory, a checkpoint directory or {@code hf:ORG/NAME[@REVISION]}
     * @param quantized whether the int8 model is wanted
     * @return the source, found on each executor by the directory's name
     * @throws ModelLoadException naming the file, repository or endpoint at fault
     */
    public static ModelSource shipped(SparkContext context, ModelLocation location, boolean quantized)
            throws ModelLoadException {
        Path directory = Recognizers.resolve(location, quantized).toAbsolutePath();
        context.addFile(directory.toString(), true);
        return sparkFile(directory.getFileName().toString());
    }

    /**
     * Reads the text form: {@code spark-files:NAME}, {@code spark-files:} or a path.
     *
     * @param text the text form
     * @return the source
     * @throws IllegalArgumentException if {@code text} is null or blank, or an {@code hf:} location (which
     *     {@link #shipped} resolves on the driver)
     */
    public static ModelSource parse(String text) {
        requireText(text, "model");
        if (text.startsWith(ModelLocation.HUB_PREFIX)) {
            throw new IllegalArgumentException("model " + text + " is a Hub location: resolve it on the driver with "
                    + "ModelSource.shipped(sparkContext, ModelLocation.parse(\"" + text + "\"), quantized)");
        }
        if (text.startsWith(SPARK_FILES_PREFIX)) {
            String name = text.substring(SPARK_FILES_PREFIX.length());
            return name.isEmpty() ? sparkFilesRoot() : sparkFile(name);
        }
        return path(text);
    }

    /**
     * The model directory on this machine. For a Spark-distributed model, call it where Spark runs
     * (an executor, or the driver in local mode).
     *
     * @return the directory
     */
    public Path resolve() {
        if (!distributed) {
            return Path.of(location);
        }
        return location.isEmpty() ? Path.of(SparkFiles.getRootDirectory()) : Path.of(SparkFiles.get(location));
    }

    /**
     * Whether the model is distributed by Spark rather than read from a path every executor shares.
     *
     * @return true for {@link #sparkFile(String)} and {@link #sparkFilesRoot()}
     */
    public boolean isDistributed() {
        return distributed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelSource that && distributed == that.distributed && location.equals(that.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(distributed, location);
    }

    /** The text form, as {@link #parse(String)} reads it. */
    @Override
    public String toString() {
        return distributed ? SPARK_FILES_PREFIX + location : location;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be null or blank");
        }
        return value;
    }
}
