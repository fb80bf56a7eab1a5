package io.github.bertner.train;

import io.github.bertner.Device;
import io.github.bertner.internal.Arguments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How a model is fine-tuned; the defaults are transformers' {@code TrainingArguments} defaults.
 *
 * @param epochs passes over the training data (3)
 * @param batchSize sentences per step (8)
 * @param learningRate the peak learning rate (5e-5)
 * @param weightDecay AdamW's decoupled weight decay, on all weights but biases and LayerNorm weights (0)
 * @param warmupRatio the share of the steps over which the rate rises linearly from 0 (0)
 * @param maxGradNorm the global gradient norm gradients are clipped to; 0 turns clipping off (1.0)
 * @param seed the seed of the shuffling, the dropout masks and a new classifier (42)
 * @param shuffle whether each epoch takes the sentences in a new random order (true); false keeps the file's order
 * @param dropout one dropout rate for every site, or empty for the model's own rates; 0 makes a run deterministic
 * @param keepLast whether the output keeps the last epoch's weights rather than those of the epoch with the best dev
 *     F1 (false; without dev data the last epoch's are kept)
 * @param patience stop after this many epochs without a better dev F1; 0 never stops early (0)
 * @param saveSteps also save a checkpoint to resume from every this many steps; 0 saves one after each epoch only (0)
 * @param threads ONNX Runtime's intra-op threads; 0 lets it choose (0)
 * @param device where the steps run
 * @param classifierLearningRate the classifier's peak learning rate, or empty for {@code learningRate}; a higher one
 *     lets new labels be learnt from few sentences without moving the encoder faster
 * @param extendClassifier where the data has labels the model lacks: whether the model's classifier gets rows for
 *     them and keeps its own labels and their rows (true), or a new classifier is trained for the data's labels alone,
 *     as transformers' {@code run_ner.py} does (false, the default)
 */
public record TrainingSettings(
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        double warmupRatio,
        double maxGradNorm,
        long seed,
        boolean shuffle,
        OptionalDouble dropout,
        boolean keepLast,
        int patience,
        int saveSteps,
        int threads,
        Device device,
        OptionalDouble classifierLearningRate,
        boolean extendClassifier) {

    /** transformers' defaults. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(
            3,
            8,
            5e-5,
            0,
            0,
            1.0,
            42,
            true,
            OptionalDouble.empty(),
            false,
            0,
            0,
            0,
            Device.CPU,
            OptionalDouble.empty(),
            false);

    /** A setting out of range; {@link #setting()} names it as the command line's option does, without dashes. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String setting;

        InvalidSetting(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        /**
         * The setting, such as {@code learning-rate}.
         *
         * @return its name
         */
        public String setting() {
            return setting;
        }
    }

    /**
     * Checks each setting.
     *
     * @throws InvalidSetting naming the setting out of range
     */
    public TrainingSettings {
        atLeast("epochs", epochs, 1);
        atLeast("batch-size", batchSize, 1);
        check("learning-rate", learningRate > 0 && !Double.isInfinite(learningRate), "a positive number", learningRate);
        check(
                "weight-decay",
                weightDecay >= 0 && !Double.isInfinite(weightDecay),
                "a number of at least 0",
                weightDecay);
        check(
                "max-grad-norm",
                maxGradNorm >= 0 && !Double.isInfinite(maxGradNorm),
                "a number of at least 0",
                maxGradNorm);
        check("warmup-ratio", warmupRatio >= 0 && warmupRatio <= 1, "between 0 and 1", warmupRatio);
        if (dropout.isPresent()) {
            double rate = dropout.getAsDouble();
            check("dropout", rate >= 0 && rate < 1, "at least 0 and below 1", rate);
        }
        atLeast("patience", patience, 0);
        atLeast("save-steps", saveSteps, 0);
        atLeast("threads", threads, 0);
        Arguments.require(classifierLearningRate, "classifierLearningRate");
        if (classifierLearningRate.isPresent()) {
            double rate = classifierLearningRate.getAsDouble();
            check("classifier-learning-rate", rate > 0 && !Double.isInfinite(rate), "a positive number", rate);
        }
        Arguments.require(dropout, "dropout");
        Arguments.require(device, "device");
    }

    /**
     * A builder that starts from {@link #DEFAULTS}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /**
     * A builder that starts from these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds settings; {@link #build()} checks each one. */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private double learningRate;
        private double weightDecay;
        private double warmupRatio;
        private double maxGradNorm;
        private long seed;
        private boolean shuffle;
        private OptionalDouble dropout;
        private boolean keepLast;
        private int patience;
        private int saveSteps;
        private int threads;
        private Device device;
        private OptionalDouble classifierLearningRate;
        private boolean extendClassifier;

        private Builder(TrainingSettings from) {
            epochs = from.epochs;
            batchSize = from.batchSize;
            learningRate = from.learningRate;
            weightDecay = from.weightDecay;
            warmupRatio = from.warmupRatio;
            maxGradNorm = from.maxGradNorm;
            seed = from.seed;
            shuffle = from.shuffle;
            dropout = from.dropout;
            keepLast = from.keepLast;
            patience = from.patience;
            saveSteps = from.saveSteps;
            threads = from.threads;
            device = from.device;
            classifierLearningRate = from.classifierLearningRate;
            extendClassifier = from.extendClassifier;
        }

        /**
         * Sets the passes over the training data.
         *
         * @param value the value
         * @return this builder
         */
        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        /**
         * Sets the sentences per step.
         *
         * @param value the value
         * @return this builder
         */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /**
         * Sets the peak learning rate.
         *
         * @param value the value
         * @return this builder
         */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /**
         * Sets AdamW's decoupled weight decay.
         *
         * @param value the value
         * @return this builder
         */
        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /**
         * Sets the share of the steps over which the rate rises from 0.
         *
         * @param value the value
         * @return this builder
         */
        public Builder warmupRatio(double value) {
            warmupRatio = value;
            return this;
        }

        /**
         * Sets the global gradient norm gradients are clipped to; 0 turns clipping off.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxGradNorm(double value) {
            maxGradNorm = value;
            return this;
        }

        /**
         * Sets the seed of the shuffling, the dropout masks and new classifier rows.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Sets whether each epoch takes the sentences in a new random order.
         *
         * @param value the value
         * @return this builder
         */
        public Builder shuffle(boolean value) {
            shuffle = value;
            return this;
        }

        /**
         * Sets one dropout rate for every site; 0 makes a run deterministic.
         *
         * @param value the value
         * @return this builder
         */
        public Builder dropout(double value) {
            dropout = OptionalDouble.of(value);
            return this;
        }

        /**
         * Uses the model's own dropout rates (the default).
         *
         * @return this builder
         */
        public Builder modelDropout() {
            dropout = OptionalDouble.empty();
            return this;
        }

        /**
         * Sets whether the output keeps the last epoch's weights rather than the best dev epoch's.
         *
         * @param value the value
         * @return this builder
         */
        public Builder keepLast(boolean value) {
            keepLast = value;
            return this;
        }

        /**
         * Sets the epochs without a better dev F1 after which training stops; 0 never stops early.
         *
         * @param value the value
         * @return this builder
         */
        public Builder patience(int value) {
            patience = value;
            return this;
        }

        /**
         * Sets how many steps apart checkpoints to resume from are saved; 0 saves one after each epoch only.
         *
         * @param value the value
         * @return this builder
         */
        public Builder saveSteps(int value) {
            saveSteps = value;
            return this;
        }

        /**
         * Sets ONNX Runtime's intra-op threads; 0 lets it choose.
         *
         * @param value the value
         * @return this builder
         */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /**
         * Sets where the steps run.
         *
         * @param value the value
         * @return this builder
         */
        public Builder device(Device value) {
            device = value;
            return this;
        }

        /**
         * Sets the classifier's peak learning rate (by default the learning rate).
         *
         * @param value the rate
         * @return this builder
         */
        public Builder classifierLearningRate(double value) {
            classifierLearningRate = OptionalDouble.of(value);
            return this;
        }

        /**
         * Sets whether new labels extend the model's classifier rather than replace it.
         *
         * @param value the value
         * @return this builder
         */
        public Builder extendClassifier(boolean value) {
            extendClassifier = value;
            return this;
        }

        /**
         * The settings.
         *
         * @return them
         * @throws InvalidSetting naming a setting out of range
         */
        public TrainingSettings build() {
            return new TrainingSettings(
                    epochs,
                    batchSize,
                    learningRate,
                    weightDecay,
                    warmupRatio,
                    maxGradNorm,
                    seed,
                    shuffle,
                    dropout,
                    keepLast,
                    patience,
                    saveSteps,
                    threads,
                    device,
                    classifierLearningRate,
                    extendClassifier);
        }
    }

    private static void atLeast(String name, int value, int least) {
        check(name, value >= least, "at least " + least, value);
    }

    private static void check(String name, boolean valid, String expected, Object value) {
        if (!valid) {
            throw new InvalidSetting(name, "the " + name.replace('-', ' ') + " must be " + expected + ", was " + value);
        }
    }

    /** Every setting by the name {@code training_args.json} gives it. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("num_train_epochs", epochs);
        map.put("per_device_train_batch_size", batchSize);
        map.put("learning_rate", learningRate);
        map.put(
                "classifier_learning_rate",
                classifierLearningRate.isPresent() ? classifierLearningRate.getAsDouble() : learningRate);
        map.put("weight_decay", weightDecay);
        map.put("warmup_ratio", warmupRatio);
        map.put("max_grad_norm", maxGradNorm);
        map.put("adam_beta1", AdamW.BETA1);
        map.put("adam_beta2", AdamW.BETA2);
        map.put("adam_epsilon", AdamW.EPSILON);
        map.put("lr_scheduler_type", "linear");
        map.put("seed", seed);
        map.put("shuffle", shuffle);
        map.put("dropout", dropout.isPresent() ? dropout.getAsDouble() : null);
        map.put("keep", keepLast ? "last" : "best");
        map.put("patience", patience);
        map.put("save_steps", saveSteps);
        map.put("threads", threads);
        map.put("device", device.toString());
        map.put("new_labels", extendClassifier ? "extend the classifier" : "new classifier");
        return map;
    }
}
