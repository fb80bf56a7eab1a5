package io.github.bertner.train;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.conll.EntityCounts;
import io.github.bertner.convert.Parameter;
import io.github.bertner.convert.TrainingGraph;
import io.github.bertner.internal.FileTrees;
import io.github.bertner.model.JsonFiles;
import io.github.bertner.model.ModelConfig;
import io.github.bertner.model.StagedDirectory;
import io.github.bertner.runtime.OnnxEnvironment;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Fine-tunes a token classifier as transformers' {@code Trainer} does with its defaults (docs/training.md): batches
 * of sentences padded to their longest, the mean cross-entropy over labelled tokens, gradient clipping, AdamW and a
 * linear schedule with warm-up, a step at a time on ONNX Runtime ({@link TrainingGraph}). Each epoch ends with a
 * checkpoint to resume from and, with dev data, a score; the output is the best epoch's weights (or the last's) as a
 * Hugging Face checkpoint that bert-ner runs at once.
 */
public final class Trainer {
    /** The prefix of the token classifier's weights, which may learn at a rate of their own. */
    private static final String CLASSIFIER = "classifier.";

    private final TrainingJob job;
    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final BooleanSupplier stopRequested;

    private Path resumedFrom;
    private TrainingSession session;
    private AdamW optimizer;
    private TrainingLabels labels;
    private String fingerprint;
    /** The best epoch's weights, where the output keeps the best epoch rather than the last. */
    private float[][] best;

    private double bestF1 = Double.NaN;
    private int bestEpoch;
    private int staleEpochs;

    private Trainer(TrainingJob job, TrainingListener listener, BooleanSupplier stopRequested) {
        this.job = job;
        this.settings = job.settings();
        this.listener = listener;
        this.stopRequested = stopRequested;
    }

    /**
     * Runs a training job.
     *
     * @param job what to train
     * @param listener told of each step and epoch
     * @param stopRequested polled after each step: when true, the state is saved and {@link TrainingStopped} thrown
     * @return how the run went
     * @throws IllegalArgumentException naming the label, line or setting at fault in the data or the job
     * @throws ModelLoadException naming the base model's file or tensor at fault
     * @throws IOException if the output or a checkpoint cannot be written (the previous checkpoint is intact)
     * @throws TrainingStopped when stopped on request
     * @throws TrainingFailed when the loss stops being a number
     */
    public static TrainingResult run(TrainingJob job, TrainingListener listener, BooleanSupplier stopRequested)
            throws IOException, TrainingStopped, TrainingFailed {
        return new Trainer(job, listener, stopRequested).run();
    }

    /**
     * Runs a training job to its end.
     *
     * @param job what to train
     * @param listener told of each step and epoch
     * @return how the run went
     * @throws IllegalArgumentException naming the label, line or setting at fault in the data or the job
     * @throws ModelLoadException naming the base model's file or tensor at fault
     * @throws IOException if the output or a checkpoint cannot be written (the previous checkpoint is intact)
     * @throws TrainingFailed when the loss stops being a number
     */
    public static TrainingResult run(TrainingJob job, TrainingListener listener) throws IOException, TrainingFailed {
        try {
            return run(job, listener, () -> false);
        } catch (TrainingStopped e) {
            throw new IllegalStateException("a run never asked to stop has stopped", e);
        }
    }

    private TrainingResult run() throws IOException, TrainingStopped, TrainingFailed {
        TrainingJob.checkOutput(job.output(), job.overwrite());
        List<LabeledSentence> train = bio(job.train(), "training");
        List<LabeledSentence> dev = bio(job.dev(), "dev");
        TrainingState resumed = resumedState();
        labels = resumed != null ? TrainingLabels.of(resumed.labels(), resumed.newClassifier()) : chooseLabels(train);
        labels.check(dev, "dev");
        Path configFile = job.checkpoint().resolve("config.json");
        JsonNode config = JsonFiles.readObject(configFile);
        List<Example> examples = examples(train, ModelConfig.positions(configFile, config));
        fingerprint = fingerprint(examples);
        if (resumed != null && !resumed.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("--resume: the checkpoint in " + TrainingState.folder(job.output())
                    + " was made with other training data or settings; give the same ones, or start anew without"
                    + " --resume");
        }
        TrainingGraph graph = TrainingGraph.build(
                job.checkpoint(),
                new TrainingGraph.Options(
                        labels.newClassifier() ? labels.labels() : null,
                        settings.extendClassifier(),
                        settings.seed(),
                        settings.dropout()));
        RecognizerConfig runtime = RecognizerConfig.builder()
                .intraOpThreads(settings.threads())
                .device(settings.device())
                .build();
        try (TrainingSession opened = new TrainingSession(graph, runtime)) {
            session = opened;
            optimizer = optimizer(graph.parameters());
            if (resumed != null) {
                restore(resumed);
            }
            CheckpointWriter writer = new CheckpointWriter(job.checkpoint(), labels.labels());
            DevEvaluation evaluation = dev.isEmpty() ? null : new DevEvaluation(dev, writer, runtime);
            Loop loop = loop(examples, graph, config.path("pad_token_id").asLong(0), evaluation, resumed);
            writeOutput(writer, loop);
            FileTrees.delete(TrainingState.folder(job.output()));
            return new TrainingResult(
                    job.output(),
                    labels.labels(),
                    loop.step,
                    loop.epochsRun,
                    keptEpoch(loop),
                    loop.lastLoss,
                    evaluation == null
                            ? OptionalDouble.empty()
                            : OptionalDouble.of(settings.keepLast() ? loop.lastF1 : bestF1));
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime failed on the training graph: " + e.getMessage(), e);
        }
    }

    /** The data in BIO, IOB1 and BIOES converted, with a note of how many labels changed. */
    private List<LabeledSentence> bio(List<LabeledSentence> data, String what) {
        List<LabeledSentence> converted = new ArrayList<>(data.size());
        int changed = 0;
        for (LabeledSentence sentence : data) {
            LabeledSentence bio = TrainingLabels.toBio(sentence);
            String[] before = sentence.labels();
            String[] after = bio.labels();
            for (int i = 0; i < before.length; i++) {
                changed += before[i].equals(after[i]) ? 0 : 1;
            }
            converted.add(bio);
        }
        if (changed > 0) {
            listener.note("converted " + changed + " " + what + " labels from IOB1 or BIOES to BIO");
        }
        return converted;
    }

    private TrainingState resumedState() throws IOException {
        if (!job.resume()) {
            return null;
        }
        resumedFrom = TrainingState.newest(job.output())
                .orElseThrow(() -> new IllegalArgumentException(
                        "--resume: no checkpoint in " + TrainingState.folder(job.output()) + " to continue from"));
        listener.note("resuming from " + resumedFrom);
        return TrainingState.read(resumedFrom);
    }

    private TrainingLabels chooseLabels(List<LabeledSentence> train) throws ModelLoadException {
        List<String> modelLabels = TrainingGraph.labels(job.checkpoint());
        TrainingLabels chosen = TrainingLabels.choose(modelLabels, train, settings.extendClassifier());
        if (chosen.newClassifier() && settings.extendClassifier()) {
            List<String> added = new ArrayList<>(
                    chosen.labels().subList(modelLabels.size(), chosen.labels().size()));
            listener.note("the data has labels the model lacks (" + String.join(", ", added)
                    + "): adding them to the model's classifier (" + String.join(", ", modelLabels) + ")");
        } else if (chosen.newClassifier()) {
            listener.note("the data's labels (" + String.join(", ", chosen.labels()) + ") are not all among the"
                    + " model's (" + String.join(", ", modelLabels) + "): training a new classifier for them");
        }
        return chosen;
    }

    /** The training sequences; sentences without a labelled sub-token are left out. */
    private List<Example> examples(List<LabeledSentence> train, int maxPositions) throws ModelLoadException {
        List<Example> examples = new ArrayList<>();
        try (SubwordEncoder tokenizer = new SubwordEncoder(TokenizerDefinition.of(job.checkpoint()))) {
            ExampleEncoder encoder = new ExampleEncoder(tokenizer, maxPositions, labels);
            for (LabeledSentence sentence : train) {
                for (Example example : encoder.encode(sentence)) {
                    if (example.hasLabels()) {
                        examples.add(example);
                    }
                }
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the training data holds no sentences with words to learn from");
        }
        return examples;
    }

    private String fingerprint(List<Example> examples) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Example example : examples) {
                for (long id : example.ids()) {
                    digest.update(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
                    digest.update((byte) ' ');
                }
                for (long label : example.labels()) {
                    digest.update(Long.toString(label).getBytes(StandardCharsets.US_ASCII));
                    digest.update((byte) ' ');
                }
                digest.update((byte) '\n');
            }
            Map<String, Object> identity = new LinkedHashMap<>(settings.asMap());
            identity.remove("threads");
            identity.put("labels", labels.labels());
            digest.update(new ObjectMapper().writeValueAsBytes(identity));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("the training data cannot be fingerprinted", e);
        }
    }

    private AdamW optimizer(List<Parameter> parameters) {
        FloatBuffer[] weights = new FloatBuffer[parameters.size()];
        FloatBuffer[] gradients = new FloatBuffer[parameters.size()];
        boolean[] decays = new boolean[parameters.size()];
        double[] rateScales = new double[parameters.size()];
        double classifierScale =
                settings.classifierLearningRate().orElse(settings.learningRate()) / settings.learningRate();
        for (int i = 0; i < parameters.size(); i++) {
            weights[i] = session.weight(i);
            gradients[i] = session.gradient(i);
            decays[i] = parameters.get(i).decays();
            rateScales[i] = parameters.get(i).name().startsWith(CLASSIFIER) ? classifierScale : 1;
        }
        return new AdamW(weights, gradients, decays, rateScales, settings.weightDecay(), settings.maxGradNorm());
    }

    private void restore(TrainingState state) throws IOException {
        Map<String, float[]> tensors = TrainingState.tensors(resumedFrom);
        List<Parameter> parameters = session.parameters();
        boolean hasBest = tensors.containsKey("best/" + parameters.get(0).name());
        best = hasBest ? new float[parameters.size()][] : null;
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).name();
            session.weight(i).put(0, saved(tensors, "weight/" + name, parameters.get(i)));
            optimizer.firstMoment(i).put(0, saved(tensors, "exp_avg/" + name, parameters.get(i)));
            optimizer.secondMoment(i).put(0, saved(tensors, "exp_avg_sq/" + name, parameters.get(i)));
            if (hasBest) {
                best[i] = saved(tensors, "best/" + name, parameters.get(i));
            }
        }
        optimizer.restoreSteps(state.step());
        bestF1 = state.bestF1();
        bestEpoch = state.bestEpoch();
        staleEpochs = state.staleEpochs();
    }

    private static float[] saved(Map<String, float[]> tensors, String name, Parameter parameter) {
        float[] values = tensors.get(name);
        if (values == null || values.length != parameter.size()) {
            throw new IllegalArgumentException("--resume: the checkpoint has no tensor " + name + " of "
                    + parameter.size() + " values: it was made for another model");
        }
        return values;
    }

    /** Where the loop is. */
    private static final class Loop {
        long step;
        int epochsRun;
        double lastLoss = Double.NaN;
        double lastF1 = Double.NaN;
    }

    private Loop loop(
            List<Example> examples, TrainingGraph graph, long padId, DevEvaluation evaluation, TrainingState resumed)
            throws IOException, OrtException, TrainingStopped, TrainingFailed {
        int batchSize = settings.batchSize();
        int stepsPerEpoch = (examples.size() + batchSize - 1) / batchSize;
        long totalSteps = (long) stepsPerEpoch * settings.epochs();
        LearningRateSchedule schedule =
                LearningRateSchedule.withWarmupRatio(settings.learningRate(), settings.warmupRatio(), totalSteps);
        DropoutMasks masks = new DropoutMasks(graph.masks(), settings.seed());
        Loop loop = new Loop();
        loop.step = resumed == null ? 0 : resumed.step();
        int firstEpoch = resumed == null ? 0 : resumed.epoch();
        int firstBatch = resumed == null ? 0 : resumed.batch();
        loop.epochsRun = firstEpoch;
        for (int epoch = firstEpoch; epoch < settings.epochs(); epoch++) {
            List<Example> order = order(examples, epoch);
            for (int b = epoch == firstEpoch ? firstBatch : 0; b < stepsPerEpoch; b++) {
                Batch batch =
                        Batch.of(order.subList(b * batchSize, Math.min(order.size(), (b + 1) * batchSize)), padId);
                double rate = schedule.at(loop.step);
                float loss = session.step(batch, masks.draw(loop.step, batch));
                double norm = optimizer.gradientNorm();
                if (!Float.isFinite(loss) || !Double.isFinite(norm)) {
                    throw new TrainingFailed("step " + (loop.step + 1) + ": the loss is " + loss
                            + " and the gradient norm " + norm
                            + "; the weights were not updated. Try a lower --learning-rate");
                }
                optimizer.step(rate, norm);
                loop.step++;
                loop.lastLoss = loss;
                listener.step(loop.step, totalSteps, loop.step / (double) stepsPerEpoch, loss, norm, rate);
                boolean epochDone = b + 1 == stepsPerEpoch;
                if (!epochDone && settings.saveSteps() > 0 && loop.step % settings.saveSteps() == 0) {
                    save(loop.step, epoch, b + 1);
                }
                if (!epochDone && stopRequested.getAsBoolean()) {
                    throw new TrainingStopped(loop.step, save(loop.step, epoch, b + 1));
                }
            }
            loop.epochsRun = epoch + 1;
            boolean stopEarly = evaluation != null && evaluate(evaluation, epoch + 1, loop);
            Path saved = save(loop.step, epoch + 1, 0);
            if (stopEarly) {
                listener.note("no better dev F1 for " + staleEpochs + " epochs: stopping after epoch " + (epoch + 1));
                break;
            }
            if (epoch + 1 < settings.epochs() && stopRequested.getAsBoolean()) {
                throw new TrainingStopped(loop.step, saved);
            }
        }
        return loop;
    }

    /** Each epoch's order: the data's, or a shuffle drawn from the seed and the epoch. */
    private List<Example> order(List<Example> examples, int epoch) {
        if (!settings.shuffle()) {
            return examples;
        }
        List<Example> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(settings.seed() * 1_000_003L + epoch));
        return shuffled;
    }

    /** Scores the epoch, keeps the best weights, and says whether patience has run out. */
    private boolean evaluate(DevEvaluation evaluation, int epoch, Loop loop) throws IOException {
        Path scratch = TrainingState.folder(job.output()).resolve(".dev-" + UUID.randomUUID());
        EntityCounts scores = evaluation.score(scratch, session.parameters(), weights());
        listener.evaluated(epoch, scores.precision(), scores.recall(), scores.f1());
        loop.lastF1 = scores.f1();
        if (Double.isNaN(bestF1) || scores.f1() > bestF1) {
            bestF1 = scores.f1();
            bestEpoch = epoch;
            staleEpochs = 0;
            if (!settings.keepLast()) {
                best = copy(weights());
            }
        } else {
            staleEpochs++;
        }
        return settings.patience() > 0 && staleEpochs >= settings.patience();
    }

    private FloatBuffer[] weights() {
        FloatBuffer[] weights = new FloatBuffer[session.parameters().size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = session.weight(i);
        }
        return weights;
    }

    private static float[][] copy(FloatBuffer[] weights) {
        float[][] copy = new float[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            copy[i] = new float[weights[i].capacity()];
            weights[i].get(0, copy[i]);
        }
        return copy;
    }

    private Path save(long step, int epoch, int batch) throws IOException {
        TrainingState state = new TrainingState(
                step,
                epoch,
                batch,
                labels.labels(),
                labels.newClassifier(),
                fingerprint,
                bestF1,
                bestEpoch,
                staleEpochs);
        return state.save(job.output(), session.parameters(), weights(), optimizer, best);
    }

    private int keptEpoch(Loop loop) {
        return best != null ? bestEpoch : loop.epochsRun;
    }

    /** Writes the kept weights, atomically: the output appears complete or not at all. */
    private void writeOutput(CheckpointWriter writer, Loop loop) throws IOException {
        FloatBuffer[] kept = weights();
        if (best != null) {
            for (int i = 0; i < kept.length; i++) {
                kept[i] = FloatBuffer.wrap(best[i]);
            }
        }
        Path output = job.output().toAbsolutePath();
        Path replaced = null;
        if (job.overwrite() && Files.exists(output) && !TrainingJob.isEmptyDirectory(output)) {
            replaced = output.resolveSibling("." + output.getFileName() + ".replaced-" + UUID.randomUUID());
        }
        try (StagedDirectory staged = StagedDirectory.forCacheEntry(output)) {
            writer.write(staged.path(), session.parameters(), kept);
            Files.writeString(staged.resolve("training_args.json"), trainingArguments(loop));
            if (replaced != null) {
                Files.move(output, replaced);
            }
            staged.publish();
        }
        if (replaced != null) {
            FileTrees.delete(replaced);
        }
    }

    private String trainingArguments(Loop loop) throws IOException {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("base_model", job.checkpoint().toString());
        arguments.putAll(settings.asMap());
        arguments.put("labels", labels.labels());
        arguments.put("new_classifier", labels.newClassifier());
        arguments.put("train_sentences", job.train().size());
        arguments.put("dev_sentences", job.dev().size());
        arguments.put("steps", loop.step);
        arguments.put("epochs_run", loop.epochsRun);
        arguments.put("kept_epoch", keptEpoch(loop));
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("bert_ner", String.valueOf(Trainer.class.getPackage().getImplementationVersion()));
        versions.put("onnxruntime", OnnxEnvironment.get().getVersion());
        versions.put("java", System.getProperty("java.version"));
        arguments.put("versions", versions);
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(arguments) + "\n";
    }
}
