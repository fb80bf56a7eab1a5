package io.github.bertner;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a {@link Tagger} loads its model and decodes predictions. Immutable; build with {@link #builder()}.
 * Serializable, so that distributed jobs (Spark) can ship it to the machines that load the model.
 *
 * @param aggregation how subword predictions become entities; default {@link Aggregation#FIRST}
 * @param stride overlap in subwords between consecutive windows over a long input, or
 *     {@link #DEFAULT_STRIDE} for 128 (or the largest value below the window for small models)
 * @param batchSize how many windows (sentences) one ONNX Runtime run takes; default 32
 * @param quantized load {@code model_quantized.onnx} instead of {@code model.onnx}
 * @param keepSpecialLabels emit labels such as {@code [PAD]} or {@code [CLS]} as entities, as the
 *     Hugging Face pipeline does; by default they count as {@code O}
 * @param windowMerge how overlapping windows are combined in raw-text mode; default
 *     {@link WindowMerge#HUGGING_FACE}
 * @param intraOpThreads threads ONNX Runtime uses inside one run, or 0 for its default (all cores). With
 *     0, the tagger also tokenizes the inputs of one call on the common fork-join pool; with a number, it
 *     tokenizes on the calling thread, so that a caller giving each thread its own core keeps to it
 * @param device where ONNX Runtime runs the model; default {@link Device#CPU}
 * @param memoryArena whether ONNX Runtime keeps freed CPU memory in its arena for reuse; default on, as
 *     in ONNX Runtime. Off, every run takes its activations from the C library's allocator afresh, which
 *     on threads other than the JVM's main thread page-faulted in fresh memory on every run: BERT-base
 *     tagged about a fifth slower, and long documents on two threads barely faster than on one. On, the
 *     arena grows to the largest need of the runs going on at once and keeps that memory
 * @param memoryPattern whether ONNX Runtime plans memory per input shape and caches the plans; default off
 * @param maxConcurrentRuns how many ONNX Runtime runs of this tagger may go on at once when several
 *     threads call it, or {@link #AUTOMATIC_CONCURRENCY}: one run at a time where ONNX Runtime already
 *     uses every core ({@code intraOpThreads} 0), any number otherwise. Runs beyond the limit wait, which
 *     bounds memory: each concurrent run holds its own activations.
 * @param nestedSpans for a span model (GLiNER), let an entity lie inside another (GLiNER's {@code flat_ner=False});
 *     by default entities do not overlap
 * @param multiLabelSpans for a span model, let one span have several types (GLiNER's {@code multi_label=True})
 */
public record TaggerConfig(
        Aggregation aggregation,
        int stride,
        int batchSize,
        boolean quantized,
        boolean keepSpecialLabels,
        WindowMerge windowMerge,
        int intraOpThreads,
        Device device,
        boolean memoryArena,
        boolean memoryPattern,
        int maxConcurrentRuns,
        boolean nestedSpans,
        boolean multiLabelSpans)
        implements Serializable {

    /** The value of {@link #stride()} that selects the default overlap. */
    public static final int DEFAULT_STRIDE = -1;

    /** The value of {@link #maxConcurrentRuns()} that chooses from {@link #intraOpThreads()}. */
    public static final int AUTOMATIC_CONCURRENCY = 0;

    /** The overlap used when none is given and the window allows it. */
    public static final int PREFERRED_STRIDE = 128;

    /** The default {@link #aggregation()}, by name (a constant, for annotations and options). */
    public static final String DEFAULT_AGGREGATION = "FIRST";

    /** The default {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The default {@link #device()}, in the text form {@link Device#parse} reads. */
    public static final String DEFAULT_DEVICE = "cpu";

    /** The default of {@link #memoryArena()}: on, as in ONNX Runtime. */
    public static final boolean DEFAULT_MEMORY_ARENA = true;

    /** Validates every field; called by the builder. */
    public TaggerConfig {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(windowMerge, "windowMerge");
        Objects.requireNonNull(device, "device");
        if (stride < DEFAULT_STRIDE) {
            throw new IllegalArgumentException("stride must be 0 or more (or DEFAULT_STRIDE), was " + stride);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (maxConcurrentRuns < 0) {
            throw new IllegalArgumentException(
                    "maxConcurrentRuns must be 1 or more (or AUTOMATIC_CONCURRENCY), was " + maxConcurrentRuns);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 or more, was " + intraOpThreads);
        }
    }

    /**
     * The default configuration.
     *
     * @return {@code FIRST}, default stride, batch size 32, fp32 model, special labels as {@code O}
     */
    public static TaggerConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder with this configuration's values
     */
    public Builder toBuilder() {
        return new Builder()
                .aggregation(aggregation)
                .stride(stride)
                .batchSize(batchSize)
                .quantized(quantized)
                .keepSpecialLabels(keepSpecialLabels)
                .windowMerge(windowMerge)
                .intraOpThreads(intraOpThreads)
                .device(device)
                .memoryArena(memoryArena)
                .memoryPattern(memoryPattern)
                .maxConcurrentRuns(maxConcurrentRuns)
                .nestedSpans(nestedSpans)
                .multiLabelSpans(multiLabelSpans);
    }

    /**
     * The limit on concurrent runs that {@link #maxConcurrentRuns()} means.
     *
     * @return a count of runs, or {@link Integer#MAX_VALUE} for no limit
     */
    public int effectiveConcurrentRuns() {
        if (maxConcurrentRuns != AUTOMATIC_CONCURRENCY) {
            return maxConcurrentRuns;
        }
        return intraOpThreads == 0 && !device.cuda() ? 1 : Integer.MAX_VALUE;
    }

    /** Builds a {@link TaggerConfig}; every setter returns the builder. */
    public static final class Builder {
        private Aggregation aggregation = Aggregation.valueOf(DEFAULT_AGGREGATION);
        private int stride = DEFAULT_STRIDE;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean quantized;
        private boolean keepSpecialLabels;
        private WindowMerge windowMerge = WindowMerge.HUGGING_FACE;
        private int intraOpThreads;
        private Device device = Device.parse(DEFAULT_DEVICE);
        private boolean memoryArena = DEFAULT_MEMORY_ARENA;
        private boolean memoryPattern;
        private int maxConcurrentRuns = AUTOMATIC_CONCURRENCY;
        private boolean nestedSpans;
        private boolean multiLabelSpans;

        private Builder() {}

        /**
         * @param value the aggregation strategy
         * @return this builder
         */
        public Builder aggregation(Aggregation value) {
            this.aggregation = value;
            return this;
        }

        /**
         * @param value overlap between windows in subwords, or {@link #DEFAULT_STRIDE}
         * @return this builder
         */
        public Builder stride(int value) {
            this.stride = value;
            return this;
        }

        /**
         * @param value windows per ONNX Runtime run
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * @param value whether to load {@code model_quantized.onnx}
         * @return this builder
         */
        public Builder quantized(boolean value) {
            this.quantized = value;
            return this;
        }

        /**
         * @param value whether special labels such as {@code [PAD]} are kept as entities
         * @return this builder
         */
        public Builder keepSpecialLabels(boolean value) {
            this.keepSpecialLabels = value;
            return this;
        }

        /**
         * @param value how overlapping windows are combined in raw-text mode
         * @return this builder
         */
        public Builder windowMerge(WindowMerge value) {
            this.windowMerge = value;
            return this;
        }

        /**
         * @param value ONNX Runtime intra-op threads, 0 for its default
         * @return this builder
         */
        public Builder intraOpThreads(int value) {
            this.intraOpThreads = value;
            return this;
        }

        /**
         * @param value where ONNX Runtime runs the model
         * @return this builder
         */
        public Builder device(Device value) {
            this.device = value;
            return this;
        }

        /**
         * @param value whether ONNX Runtime keeps freed CPU memory in an arena
         * @return this builder
         */
        public Builder memoryArena(boolean value) {
            this.memoryArena = value;
            return this;
        }

        /**
         * @param value whether ONNX Runtime caches memory plans per input shape
         * @return this builder
         */
        public Builder memoryPattern(boolean value) {
            this.memoryPattern = value;
            return this;
        }

        /**
         * @param value concurrent ONNX Runtime runs allowed, or {@link #AUTOMATIC_CONCURRENCY}
         * @return this builder
         */
        public Builder maxConcurrentRuns(int value) {
            this.maxConcurrentRuns = value;
            return this;
        }

        /**
         * @param value whether a span model's entities may lie inside one another
         * @return this builder
         */
        public Builder nestedSpans(boolean value) {
            this.nestedSpans = value;
            return this;
        }

        /**
         * @param value whether a span model may give one span several types
         * @return this builder
         */
        public Builder multiLabelSpans(boolean value) {
            this.multiLabelSpans = value;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public TaggerConfig build() {
            return new TaggerConfig(
                    aggregation,
                    stride,
                    batchSize,
                    quantized,
                    keepSpecialLabels,
                    windowMerge,
                    intraOpThreads,
                    device,
                    memoryArena,
                    memoryPattern,
                    maxConcurrentRuns,
                    nestedSpans,
                    multiLabelSpans);
        }
    }
}
