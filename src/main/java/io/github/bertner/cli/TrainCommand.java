package io.github.bertner.cli;

import io.github.bertner.ModelLocation;
import io.github.bertner.conll.LabelMap;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.loader.ModelResolver;
import io.github.bertner.options.CountConverter;
import io.github.bertner.options.DeviceOption;
import io.github.bertner.train.LabeledSentence;
import io.github.bertner.train.Trainer;
import io.github.bertner.train.TrainingFailed;
import io.github.bertner.train.TrainingJob;
import io.github.bertner.train.TrainingResult;
import io.github.bertner.train.TrainingSettings;
import io.github.bertner.train.TrainingStopped;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: fine-tunes a token classifier on CoNLL data, as transformers' Trainer does, in Java. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Fine-tunes a token classifier on your own labelled data, as transformers' Trainer does.",
        description = {
            "Fine-tunes a model on CoNLL-style data (token in the first column, its label in the last; BIO, with IOB1 and"
                    + " BIOES converted) with the update of transformers' Trainer and its defaults: each word's label on its"
                    + " first sub-token, batches padded to their longest, mean cross-entropy, AdamW, linear warm-up and"
                    + " decay, gradient clipping. Where the data's labels are among the model's, its classifier is fine-tuned;"
                    + " otherwise a new one is trained for them (or, with --extend-classifier, the model's gets the new"
                    + " ones).",
            "The output directory is a Hugging Face checkpoint (model.safetensors, config.json, the tokenizer,"
                    + " training_args.json) that transformers loads and that tag --model DIR runs. A checkpoint to --resume"
                    + " from is saved after every epoch in DIR.checkpoints/ (and on Ctrl-C or SIGTERM, exiting 130).",
            "Trains BERT, ELECTRA, RoBERTa, XLM-RoBERTa, CamemBERT and DistilBERT checkpoints; not DeBERTa-v2/v3,"
                    + " ModernBERT, ONNX exports or GLiNER models."
        })
final class TrainCommand implements Callable<Integer> {
    /** The exit status of a run stopped by Ctrl-C or SIGTERM, its state saved. */
    static final int STOPPED = 130;

    @Option(
            names = "--model",
            paramLabel = "LOCATION",
            required = true,
            description = "The base model's checkpoint: a directory with config.json, the weights (model.safetensors,"
                    + " pytorch_model.bin or shards) and the tokenizer, or hf:ORG/NAME[@REVISION].")
    String model;

    @Option(names = "--train", paramLabel = "FILE", required = true, description = "Training data, CoNLL-style.")
    Path train;

    @Option(
            names = "--dev",
            paramLabel = "FILE",
            description = "Dev data, CoNLL-style: each epoch is scored on it (entity F1, as evaluate gives it) and the"
                    + " best epoch kept.")
    Path dev;

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "Where the trained model goes.")
    Path output;

    @Option(
            names = "--label-map",
            paramLabel = "TYPE=TARGET",
            description = "Renames an entity type in the data (PERSON=PER), or drops it (MISC=O). Repeatable.")
    List<String> labelMap = new ArrayList<>();

    @Option(
            names = "--epochs",
            paramLabel = "N",
            converter = CountConverter.Positive.class,
            defaultValue = "3",
            description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            converter = CountConverter.Positive.class,
            defaultValue = "8",
            description = "Sentences per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--learning-rate",
            paramLabel = "RATE",
            defaultValue = "5e-5",
            description = "The peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--classifier-learning-rate",
            paramLabel = "RATE",
            description = "The classifier's peak learning rate (default: --learning-rate's); a higher one learns new"
                    + " labels from few sentences.")
    Double classifierLearningRate;

    @Option(
            names = "--extend-classifier",
            description = "Where the data has labels the model lacks, add them to the model's classifier and keep its"
                    + " labels and what it learnt for them, instead of training a new classifier for the data's labels"
                    + " alone (as run_ner.py does).")
    boolean extendClassifier;

    @Option(
            names = "--weight-decay",
            paramLabel = "RATE",
            defaultValue = "0",
            description = "AdamW's weight decay, on all weights but biases and LayerNorm weights (default:"
                    + " ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--warmup-ratio",
            paramLabel = "RATIO",
            defaultValue = "0",
            description = "The share of the steps over which the rate rises from 0 (default: ${DEFAULT-VALUE}).")
    double warmupRatio;

    @Option(
            names = "--max-grad-norm",
            paramLabel = "NORM",
            defaultValue = "1.0",
            description = "Clip the global gradient norm to this; 0 turns clipping off (default: ${DEFAULT-VALUE}).")
    double maxGradNorm;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of the shuffling, the dropout and a new classifier (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-shuffle", description = "Take the sentences in the file's order in every epoch.")
    boolean noShuffle;

    @Option(
            names = "--dropout",
            paramLabel = "P",
            description = "One dropout rate for every dropout site instead of the model's own; 0 turns dropout off"
                    + " (with --no-shuffle, a run is then deterministic).")
    Double dropout;

    @Option(
            names = "--keep",
            paramLabel = "WHICH",
            defaultValue = "best",
            description = "With --dev: keep the best epoch's weights (best) or the last's (last) (default:"
                    + " ${DEFAULT-VALUE}).")
    String keep;

    @Option(
            names = "--patience",
            paramLabel = "N",
            converter = CountConverter.NonNegative.class,
            defaultValue = "0",
            description = "With --dev: stop after N epochs without a better dev F1; 0 never stops early (default:"
                    + " ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--save-steps",
            paramLabel = "N",
            converter = CountConverter.NonNegative.class,
            defaultValue = "0",
            description = "Also save a checkpoint to resume from every N steps (default: after each epoch only).")
    int saveSteps;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in DIR.checkpoints/.")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace --output if it exists and is not empty.")
    boolean overwrite;

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description =
                    "Write one JSON line per step ({\"step\", \"epoch\", \"loss\", \"grad_norm\", \"learning_rate\"})"
                            + " and per scored epoch ({\"epoch\", \"dev_precision\", \"dev_recall\", \"dev_f1\"}).")
    Path log;

    @Mixin
    ThreadsOption threads;

    @Mixin
    DeviceOption device;

    @Option(names = "--no-progress", description = "Do not show a progress bar on standard error.")
    boolean noProgress;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TrainingSettings settings = settings();
        LabelMap map = labelMap();
        TrainingJob.checkOutput(output, overwrite);
        List<LabeledSentence> trainData = read(train, map);
        List<LabeledSentence> devData = dev == null ? List.of() : read(dev, map);
        PrintWriter err = spec.commandLine().getErr();
        Path checkpoint = ModelResolver.checkpoint(
                ModelLocation.parse(model),
                HubSettings.fromEnvironment(),
                new DownloadProgressBar(
                        new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.console() != null));
        TrainingJob job = new TrainingJob(checkpoint, trainData, devData, output, settings, resume, overwrite);
        AtomicBoolean stop = new AtomicBoolean();
        TrainingResult result;
        try (TrainingLog trainingLog = TrainingLog.open(log, resume);
                TrainingProgress progress =
                        new TrainingProgress(err, trainingLog, !noProgress && System.console() != null);
                StopSignals signals = StopSignals.install(signal -> {
                    stop.set(true);
                    err.println();
                    err.println("bert-ner train: " + signal + ": saving a checkpoint after this step");
                    err.flush();
                })) {
            result = Trainer.run(job, progress, stop::get);
        } catch (TrainingStopped e) {
            err.println("bert-ner train: " + e.getMessage());
            err.flush();
            return STOPPED;
        } catch (TrainingFailed e) {
            err.println("bert-ner train: error: " + e.getMessage());
            err.flush();
            return ErrorHandler.FAILURE;
        }
        spec.commandLine().getOut().println(summary(result));
        Output.flush(spec.commandLine().getOut());
        return 0;
    }

    /** The settings, each checked; one out of range is a usage error naming its option. */
    private TrainingSettings settings() {
        if (!keep.equals("best") && !keep.equals("last")) {
            throw usage("--keep", "'" + keep + "' is neither best nor last");
        }
        try {
            TrainingSettings.Builder builder = TrainingSettings.builder()
                    .epochs(epochs)
                    .batchSize(batchSize)
                    .learningRate(learningRate)
                    .weightDecay(weightDecay)
                    .warmupRatio(warmupRatio)
                    .maxGradNorm(maxGradNorm)
                    .seed(seed)
                    .shuffle(!noShuffle)
                    .keepLast(keep.equals("last"))
                    .patience(patience)
                    .saveSteps(saveSteps)
                    .threads(threads.threads)
                    .device(device.device())
                    .extendClassifier(extendClassifier);
            if (dropout != null) {
                builder.dropout(dropout);
            }
            if (classifierLearningRate != null) {
                builder.classifierLearningRate(classifierLearningRate);
            }
            return builder.build();
        } catch (TrainingSettings.InvalidSetting e) {
            throw usage("--" + e.setting(), e.getMessage());
        }
    }

    private ParameterException usage(String option, String message) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + message);
    }

    private LabelMap labelMap() {
        try {
            return LabelMap.parse(labelMap);
        } catch (IllegalArgumentException e) {
            throw usage("--label-map", e.getMessage());
        }
    }

    private static List<LabeledSentence> read(Path file, LabelMap map) throws IOException {
        return ConllInput.read(
                file,
                sentence -> new LabeledSentence(
                        sentence.tokens(), map.apply(sentence.lastColumn()), file.toString(), sentence.firstLine()));
    }

    private static String summary(TrainingResult result) {
        String dev = result.devF1().isPresent()
                ? String.format(Locale.ROOT, ", dev F1 %.4f", result.devF1().getAsDouble())
                : "";
        return String.format(
                Locale.ROOT,
                "trained %d epoch%s (%d steps), last loss %.4f%s; kept epoch %d; labels %s; wrote %s",
                result.epochs(),
                result.epochs() == 1 ? "" : "s",
                result.steps(),
                result.lastLoss(),
                dev,
                result.keptEpoch(),
                String.join(" ", new TreeSet<>(result.labels())),
                result.output());
    }
}
