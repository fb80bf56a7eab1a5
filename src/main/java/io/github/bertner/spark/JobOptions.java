package io.github.bertner.spark;

import io.github.bertner.Aggregation;
import io.github.bertner.Device;
import io.github.bertner.TaggerConfig;
import io.github.bertner.WindowMerge;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The options of {@link NerJob}: where the data is, which model, how to tag. */
final class JobOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] for a local run. Leave out under spark-submit, which sets it.")
    String master;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input file or directory (any Hadoop path).")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (JSON Lines), text (one document per line) or parquet (default: ${DEFAULT-VALUE}).")
    DataFormat inputFormat;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output directory.")
    String output;

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (JSON Lines part files) or parquet (default: ${DEFAULT-VALUE}).")
    DataFormat outputFormat;

    @Option(names = "--overwrite", description = "Replace the output directory if it exists.")
    boolean overwrite;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = {"Model directory: a path every executor can read, spark-files:NAME for a directory or archive"
                    + " distributed by Spark (addFile, --archives model.zip#NAME), or spark-files: for files given to --files."})
    String model;

    @Option(names = "--ship-model",
            description = "Distribute the --model directory (on the driver, or any Hadoop path) to the executors with SparkContext.addFile.")
    boolean shipModel;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "raw",
            description = "raw (a string column) or tokens (an array<string> column) (default: ${DEFAULT-VALUE}).")
    InputMode mode;

    @Option(names = {"--text-column", "--input-column"}, paramLabel = "NAME",
            description = "Input column (default: text, or tokens in tokens mode).")
    String inputColumn;

    @Option(names = "--output-column", paramLabel = "NAME", defaultValue = "entities",
            description = "Entities column to add (default: ${DEFAULT-VALUE}).")
    String outputColumn;

    @Option(names = "--aggregation", paramLabel = "STRATEGY", defaultValue = "first",
            description = "none, simple, first, average or max (default: ${DEFAULT-VALUE}).")
    Aggregation aggregation;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Windows (sentences) per ONNX Runtime run (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--rows-per-call", paramLabel = "N", defaultValue = "" + EntityRecognizer.DEFAULT_ROWS_PER_CALL,
            description = "Rows of a partition passed to the tagger at once (default: ${DEFAULT-VALUE}).")
    int rowsPerCall;

    @Option(names = "--stride", paramLabel = "N",
            description = "Overlap in subwords between windows over long inputs (default: 128, or half the window).")
    Integer stride;

    @Option(names = "--quantized", description = "Use model_quantized.onnx (int8) instead of model.onnx.")
    boolean quantized;

    @Option(names = "--keep-special-labels", description = "Report labels such as [PAD] or [CLS] as entities, as Hugging Face does.")
    boolean keepSpecialLabels;

    @Option(names = "--window-merge", paramLabel = "MODE", defaultValue = "HUGGING_FACE",
            description = "How overlapping windows combine in raw mode: HUGGING_FACE or CENTER (default: ${DEFAULT-VALUE}).")
    WindowMerge windowMerge;

    @Option(names = "--threads", paramLabel = "N",
            description = "ONNX Runtime threads per task (default: spark.task.cpus, which defaults to 1).")
    Integer threads;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", converter = DeviceConverter.class,
            description = "cpu, cuda or cuda:N: where each executor runs the model (cuda needs the onnxruntime_gpu build; default: ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = {"Spread the input over N partitions, keeping its order. 0 (default): only when the input has"
                    + " fewer partitions than the default parallelism, then to that number."})
    int partitions;

    TaggerConfig config(SparkSession spark) {
        int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        return TaggerConfig.builder()
                .aggregation(aggregation)
                .stride(stride == null ? TaggerConfig.DEFAULT_STRIDE : stride)
                .batchSize(batchSize)
                .quantized(quantized)
                .keepSpecialLabels(keepSpecialLabels)
                .windowMerge(windowMerge)
                .intraOpThreads(threads == null ? taskCpus : threads)
                .device(device)
                .build();
    }

    EntityRecognizer recognizer(SparkSession spark, ModelSource modelSource) {
        EntityRecognizer.Builder builder = EntityRecognizer.builder()
                .model(modelSource)
                .config(config(spark))
                .mode(mode)
                .outputColumn(outputColumn)
                .rowsPerCall(rowsPerCall);
        return inputColumn == null ? builder.build() : builder.inputColumn(inputColumn).build();
    }

    String inputColumn() {
        return inputColumn != null ? inputColumn : mode.defaultColumn();
    }

    /** Reads {@code --device}. */
    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            return Device.parse(value);
        }
    }
}
