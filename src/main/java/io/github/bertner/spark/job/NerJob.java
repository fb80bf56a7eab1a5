package io.github.bertner.spark.job;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.options.CommandLineLogging;
import io.github.bertner.spark.EntityRecognizer;
import io.github.bertner.spark.ModelSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The Spark job: reads JSON Lines, text or Parquet, adds an entities column with
 * {@link EntityRecognizer}, and writes JSON Lines or Parquet. Run it with {@code spark-submit --class
 * io.github.bertner.spark.job.NerJob bert-ner-spark.jar OPTIONS}, or locally with {@code --master local[2]}
 * (see docs/spark.md). Every other column of the input is kept. With JSON Lines input that has only a
 * {@code text} field, each output line has the form of the CLI's {@code tag} output.
 */
@Command(
        name = "NerJob",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Named-entity recognition over a Spark cluster: adds an entities column",
            "array<struct<label, start, end, score, text>> (start/end: UTF-16 offsets into the text; in tokens mode",
            "token_start/token_end: token indices) to every row of the input and writes the rows out."
        })
public final class NerJob implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NerJob.class);

    @Mixin
    JobOptions options;

    @Spec
    CommandSpec spec;

    /**
     * Runs the job in a Spark session of its own, stopped at the end.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        CommandLineLogging.quiet();
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the job in an existing session, which stays open.
     *
     * @param spark the session; {@code --master} is ignored
     * @param args the options, as for {@link #main(String[])}
     * @throws CommandLine.ParameterException if the options are invalid
     * @throws ModelLoadException if an {@code hf:} model cannot be fetched or converted on the driver
     */
    public static void run(SparkSession spark, String... args) throws ModelLoadException {
        NerJob job = new NerJob();
        new CommandLine(job).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        job.tagAndWrite(spark);
    }

    /** Creates the session, runs the job and stops the session. */
    @Override
    public Integer call() throws ModelLoadException {
        SparkSession.Builder builder = SparkSession.builder().appName("bert-ner");
        if (options.master != null) {
            builder.master(options.master);
        } else if (System.getProperty("spark.master") == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "no Spark master: give --master local[2] or run with spark-submit");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            tagAndWrite(spark);
        } finally {
            spark.stop();
        }
        return 0;
    }

    private void tagAndWrite(SparkSession spark) throws ModelLoadException {
        long started = System.nanoTime();
        ModelSource model = modelSource(spark);
        EntityRecognizer recognizer = options.recognizer(spark, model);
        Dataset<Row> input = options.inputFormat.read(spark, options.input, options.inputColumn());
        Dataset<Row> tagged = OrderedSpread.ifNeeded(input, options.partitions, recognizer::transform);
        options.outputFormat.write(tagged, options.output, options.overwrite);
        LOG.info(
                "Tagged {} with {} into {} in {} ms",
                options.input,
                model,
                options.output,
                (System.nanoTime() - started) / 1_000_000);
    }

    private ModelSource modelSource(SparkSession spark) throws ModelLoadException {
        if (options.model.startsWith(ModelLocation.HUB_PREFIX)
                || CheckpointConverter.isCheckpoint(Path.of(options.model))) {
            return ModelSource.shipped(spark.sparkContext(), ModelLocation.parse(options.model), options.quantized());
        }
        if (!options.shipModel) {
            return ModelSource.parse(options.model);
        }
        spark.sparkContext().addFile(options.model, true);
        return ModelSource.sparkFile(lastSegment(options.model));
    }

    private static String lastSegment(String path) {
        String trimmed = path.replaceAll("[/\\\\]+$", "");
        return trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new NerJob()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
