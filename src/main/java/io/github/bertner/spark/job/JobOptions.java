package io.github.bertner.spark.job;

import io.github.bertner.RecognizerConfig;
import io.github.bertner.options.CountConverter;
import io.github.bertner.options.TaggerOptions;
import io.github.bertner.spark.EntityRecognizer;
import io.github.bertner.spark.InputMode;
import io.github.bertner.spark.ModelSource;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options of {@link NerJob}: where the data is, which model, how to tag. */
final class JobOptions extends TaggerOptions {
    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master, e.g. local[2] for a local run. Leave out under spark-submit, which sets it.")
    String master;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH",
            description = "Input file or directory (any Hadoop path).")
    String input;

    @Option(
            names = "--input-format",
            paramLabel = "FORMAT",
            defaultValue = "json",
            description = "json (JSON Lines), text (one document per line) or parquet (default: ${DEFAULT-VALUE}).")
    DataFormat inputFormat;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output directory.")
    String output;

    @Option(
            names = "--output-format",
            paramLabel = "FORMAT",
            defaultValue = "json",
            description = "json (JSON Lines part files) or parquet (default: ${DEFAULT-VALUE}).")
    DataFormat outputFormat;

    @Option(names = "--overwrite", description = "Replace the output directory if it exists.")
    boolean overwrite;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "LOCATION",
            description = {
                "Model directory: a path every executor can read, spark-files:NAME for a directory or archive"
                        + " distributed by Spark (addFile, --archives model.zip#NAME), or spark-files: for files given to --files;"
                        + " or hf:ORG/NAME[@REVISION], fetched and converted once on the driver and shipped to the executors."
            })
    String model;

    @Option(
            names = "--ship-model",
            description =
                    "Distribute the --model directory (on the driver, or any Hadoop path) to the executors with SparkContext.addFile.")
    boolean shipModel;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "raw",
            description = "raw (a string column) or tokens (an array<string> column) (default: ${DEFAULT-VALUE}).")
    InputMode mode;

    @Option(
            names = {"--text-column", "--input-column"},
            paramLabel = "NAME",
            description = "Input column (default: text, or tokens in tokens mode).")
    String inputColumn;

    @Option(
            names = "--output-column",
            paramLabel = "NAME",
            defaultValue = "entities",
            description = "Entities column to add (default: ${DEFAULT-VALUE}).")
    String outputColumn;

    @Option(
            names = "--rows-per-call",
            paramLabel = "N",
            defaultValue = "" + EntityRecognizer.DEFAULT_ROWS_PER_CALL,
            description = "Rows of a partition passed to the tagger at once (default: ${DEFAULT-VALUE}).")
    int rowsPerCall;

    @Option(
            names = "--threads",
            converter = CountConverter.NonNegative.class,
            paramLabel = "N",
            description = "ONNX Runtime threads per task (default: spark.task.cpus, which defaults to 1).")
    Integer threads;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "0",
            description = {
                "Spread the input over N partitions, keeping its order. 0 (default): only when the input has"
                        + " fewer partitions than the default parallelism, then to that number."
            })
    int partitions;

    RecognizerConfig config(SparkSession spark) {
        int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        return configBuilder()
                .intraOpThreads(threads == null ? taskCpus : threads)
                .build();
    }

    EntityRecognizer recognizer(SparkSession spark, ModelSource modelSource) {
        EntityRecognizer.Builder builder = EntityRecognizer.builder()
                .model(modelSource)
                .config(config(spark))
                .entityTypes(entityTypes())
                .mode(mode)
                .outputColumn(outputColumn)
                .rowsPerCall(rowsPerCall);
        return inputColumn == null
                ? builder.build()
                : builder.inputColumn(inputColumn).build();
    }

    String inputColumn() {
        return inputColumn != null ? inputColumn : mode.defaultColumn();
    }
}
