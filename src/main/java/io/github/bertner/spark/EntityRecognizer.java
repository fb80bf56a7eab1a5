package io.github.bertner.spark;

import io.github.bertner.EntityTypes;
import io.github.bertner.RecognizerConfig;
import java.util.Arrays;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Named-entity recognition as a Spark transformation: {@link #transform(Dataset)} returns the input rows
 * with one more column, the entities of the input column (see {@link EntitySchema} for its type).
 *
 * <p>Each partition is tagged in batches of {@link Builder#rowsPerCall(int) rowsPerCall} rows, one
 * tagger call per batch (which the tagger splits into ONNX Runtime runs of
 * {@link RecognizerConfig#batchSize()} windows). Every executor JVM loads the model once, when its first task
 * needs it, and shares it between its task threads ({@link ExecutorTaggers}). A null input has no
 * entities (an empty array).
 *
 * <p>Threads: by default each task runs ONNX Runtime on one thread ({@code intraOpThreads = 1}), since
 * Spark already runs one task per core; with {@code spark.task.cpus = N}, pass a configuration with
 * {@code intraOpThreads(N)}.
 *
 * <p>The model may be a fine-tuned token classifier, which finds its own entity types (or those of them named with
 * {@link Builder#entityTypes}), or a zero-shot GLiNER model, which finds the types named there.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class EntityRecognizer {
    /** Rows per tagger call when none is given. */
    public static final int DEFAULT_ROWS_PER_CALL = 256;

    private final ModelSource model;
    private final RecognizerConfig config;
    private final EntityTypes types;
    private final InputMode mode;
    private final String inputColumn;
    private final String outputColumn;
    private final int rowsPerCall;

    private EntityRecognizer(Builder builder) {
        if (builder.model == null) {
            throw new IllegalStateException("no model: set one with Builder.model");
        }
        this.model = builder.model;
        this.config = builder.config;
        this.types = builder.types;
        this.mode = builder.mode;
        this.inputColumn = builder.inputColumn != null ? builder.inputColumn : mode.defaultColumn();
        this.outputColumn = builder.outputColumn;
        this.rowsPerCall = builder.rowsPerCall;
    }

    /**
     * A builder with the defaults: raw mode, input column {@code text}, output column {@code entities},
     * {@value #DEFAULT_ROWS_PER_CALL} rows per call, the tagger defaults with one ONNX Runtime thread.
     *
     * @return a new builder; {@link Builder#model} must be set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the entities column. Lazy, like every Spark transformation: nothing is tagged until an action
     * runs.
     *
     * @param input rows with the input column ({@code string} in raw mode, {@code array<string>} in token
     *     mode)
     * @return the same rows, in the same partitions and order, with the entities column appended
     * @throws IllegalArgumentException if the input column is missing or of the wrong type, or the output
     *     column exists already
     */
    public Dataset<Row> transform(Dataset<Row> input) {
        StructType schema = input.schema();
        int column = checkColumns(schema);
        StructType output = schema.add(outputColumn, EntitySchema.entitiesType(mode), false);
        return input.mapPartitions(
                new TagPartition(model, config, types, mode, column, rowsPerCall), Encoders.row(output));
    }

    /**
     * @return where executors find the model
     */
    public ModelSource model() {
        return model;
    }

    /**
     * @return the tagger configuration
     */
    public RecognizerConfig config() {
        return config;
    }

    /**
     * @return the entity types to find
     */
    public EntityTypes entityTypes() {
        return types;
    }

    /**
     * @return the input mode
     */
    public InputMode mode() {
        return mode;
    }

    /**
     * @return the input column's name
     */
    public String inputColumn() {
        return inputColumn;
    }

    /**
     * @return the output column's name
     */
    public String outputColumn() {
        return outputColumn;
    }

    /**
     * @return rows per tagger call
     */
    public int rowsPerCall() {
        return rowsPerCall;
    }

    private int checkColumns(StructType schema) {
        if (Arrays.asList(schema.fieldNames()).contains(outputColumn)) {
            throw new IllegalArgumentException(
                    "outputColumn '" + outputColumn + "' exists already in " + schema.simpleString());
        }
        if (!Arrays.asList(schema.fieldNames()).contains(inputColumn)) {
            throw new IllegalArgumentException("inputColumn '" + inputColumn + "' is not in " + schema.simpleString());
        }
        int column = schema.fieldIndex(inputColumn);
        DataType expected =
                mode == InputMode.RAW ? DataTypes.StringType : DataTypes.createArrayType(DataTypes.StringType);
        DataType actual = schema.fields()[column].dataType();
        if (!DataType.equalsIgnoreNullability(actual, expected)) {
            throw new IllegalArgumentException("inputColumn '" + inputColumn + "' must be " + expected.simpleString()
                    + " in " + mode + " mode, was " + actual.simpleString());
        }
        return column;
    }

    /** Builds an {@link EntityRecognizer}; every setter returns the builder. */
    public static final class Builder {
        private ModelSource model;
        private RecognizerConfig config =
                RecognizerConfig.builder().intraOpThreads(1).build();
        private EntityTypes types = EntityTypes.model();
        private InputMode mode = InputMode.RAW;
        private String inputColumn;
        private String outputColumn = "entities";
        private int rowsPerCall = DEFAULT_ROWS_PER_CALL;

        private Builder() {}

        /**
         * @param value where executors find the model directory
         * @return this builder
         */
        public Builder model(ModelSource value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        /**
         * @param directory a model directory every executor reads under this path
         * @return this builder
         */
        public Builder model(String directory) {
            return model(ModelSource.path(directory));
        }

        /**
         * @param value how to load and decode; its {@code intraOpThreads} should match
         *     {@code spark.task.cpus}
         * @return this builder
         */
        public Builder config(RecognizerConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * @param value the entity types to find: any for a zero-shot GLiNER model (which needs them), some of its
         *     own for a token classifier; default {@link EntityTypes#model()}
         * @return this builder
         */
        public Builder entityTypes(EntityTypes value) {
            this.types = Objects.requireNonNull(value, "entityTypes");
            return this;
        }

        /**
         * @param value raw text or tokens
         * @return this builder
         */
        public Builder mode(InputMode value) {
            this.mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /**
         * @param value the input column; default {@code text} (raw) or {@code tokens}
         * @return this builder
         */
        public Builder inputColumn(String value) {
            this.inputColumn = requireName(value, "inputColumn");
            return this;
        }

        /**
         * @param value the entities column to add; default {@code entities}
         * @return this builder
         */
        public Builder outputColumn(String value) {
            this.outputColumn = requireName(value, "outputColumn");
            return this;
        }

        /**
         * @param value rows per tagger call within a partition; at least 1
         * @return this builder
         */
        public Builder rowsPerCall(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("rowsPerCall must be at least 1, was " + value);
            }
            this.rowsPerCall = value;
            return this;
        }

        /**
         * @return the recognizer
         * @throws IllegalStateException if no model was set
         */
        public EntityRecognizer build() {
            return new EntityRecognizer(this);
        }

        private static String requireName(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be null or blank");
            }
            return value;
        }
    }
}
