package io.github.bertner;

import java.io.Serializable;

/**
 * How a {@link Recognizer} loads and runs its model, whichever kind it is (device, threads, concurrency, int8, batch
 * size), and how each kind decodes: {@link TokenDecoding} for a token classifier, {@link SpanDecoding} for a zero-shot
 * span model (the default of its calls). Immutable; build with {@link #builder()}. Serializable, so that distributed
 * jobs (Spark) can ship it to the machines that load the model.
 *
 * @param batchSize how many windows (sentences, or prompts with texts) one ONNX Runtime run takes; default 32
 * @param quantized load {@code model_quantized.onnx} instead of {@code model.onnx}
 * @param intraOpThreads threads ONNX Runtime uses inside one run, or 0 for its default (all cores). With
 *     0, the recognizer also tokenizes the inputs of one call on the common fork-join pool; with a number, it
 *     tokenizes on the calling thread, so that a caller giving each thread its own core keeps to it
 * @param device where ONNX Runtime runs the model; default {@link Device#CPU}
 * @param memoryArena whether ONNX Runtime keeps freed CPU memory in its arena for reuse; default on, as
 *     in ONNX Runtime. Off, every run takes its activations from the C library's allocator afresh, which
 *     on threads other than the JVM's main thread page-faulted in fresh memory on every run: BERT-base
 *     tagged about a fifth slower, and long documents on two threads barely faster than on one. On, the
 *     arena grows to the largest need of the runs going on at once and keeps that memory
 * @param memoryPattern whether ONNX Runtime plans memory per input shape and caches the plans; default off
 * @param maxConcurrentRuns how many ONNX Runtime runs of this recognizer may go on at once when several
 *     threads call it, or {@link #AUTOMATIC_CONCURRENCY}: one run at a time where ONNX Runtime already
 *     uses every core ({@code intraOpThreads} 0), any number otherwise. Runs beyond the limit wait, which
 *     bounds memory: each concurrent run holds its own activations.
 * @param tokenDecoding how a token classifier decodes; default {@link TokenDecoding#DEFAULTS}
 * @param spanDecoding how a span model decodes a call that does not say; default {@link SpanDecoding#FLAT}
 */
public record RecognizerConfig(
        int batchSize,
        boolean quantized,
        int intraOpThreads,
        Device device,
        boolean memoryArena,
        boolean memoryPattern,
        int maxConcurrentRuns,
        TokenDecoding tokenDecoding,
        SpanDecoding spanDecoding)
        implements Serializable {

    /** The value of {@link #maxConcurrentRuns()} that chooses from {@link #intraOpThreads()}. */
    public static final int AUTOMATIC_CONCURRENCY = 0;

    /** The default {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The default {@link #device()}, in the text form {@link Device#parse} reads. */
    public static final String DEFAULT_DEVICE = "cpu";

    /** The default of {@link #memoryArena()}: on, as in ONNX Runtime. */
    public static final boolean DEFAULT_MEMORY_ARENA = true;

    /** Validates every field; called by the builder. */
    public RecognizerConfig {
        if (device == null || tokenDecoding == null || spanDecoding == null) {
            throw new IllegalArgumentException("device, tokenDecoding and spanDecoding must not be null");
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
     * @return batch size 32, fp32 model, every core, the CPU, the default decodings
     */
    public static RecognizerConfig defaults() {
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
                .batchSize(batchSize)
                .quantized(quantized)
                .intraOpThreads(intraOpThreads)
                .device(device)
                .memoryArena(memoryArena)
                .memoryPattern(memoryPattern)
                .maxConcurrentRuns(maxConcurrentRuns)
                .tokenDecoding(tokenDecoding)
                .spanDecoding(spanDecoding);
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

    /**
     * Builds a {@link RecognizerConfig}; every setter returns the builder. The decoding settings can be given one by
     * one ({@link #aggregation}, {@link #nestedSpans}, …) or whole ({@link #tokenDecoding}, {@link #spanDecoding}).
     */
    public static final class Builder {
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean quantized;
        private int intraOpThreads;
        private Device device = Device.parse(DEFAULT_DEVICE);
        private boolean memoryArena = DEFAULT_MEMORY_ARENA;
        private boolean memoryPattern;
        private int maxConcurrentRuns = AUTOMATIC_CONCURRENCY;
        private Aggregation aggregation = TokenDecoding.DEFAULTS.aggregation();
        private int stride = TokenDecoding.DEFAULTS.stride();
        private WindowMerge windowMerge = TokenDecoding.DEFAULTS.windowMerge();
        private boolean keepSpecialLabels = TokenDecoding.DEFAULTS.keepSpecialLabels();
        private boolean nestedSpans = SpanDecoding.FLAT.nested();
        private boolean multiLabelSpans = SpanDecoding.FLAT.multiLabel();

        private Builder() {}

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
         * @param value how a token classifier decodes, every setting at once
         * @return this builder
         */
        public Builder tokenDecoding(TokenDecoding value) {
            if (value == null) {
                throw new IllegalArgumentException("tokenDecoding is null");
            }
            return aggregation(value.aggregation())
                    .stride(value.stride())
                    .windowMerge(value.windowMerge())
                    .keepSpecialLabels(value.keepSpecialLabels());
        }

        /**
         * @param value the aggregation strategy of a token classifier
         * @return this builder
         */
        public Builder aggregation(Aggregation value) {
            this.aggregation = value;
            return this;
        }

        /**
         * @param value overlap between a token classifier's windows in sub-words, or
         *     {@link TokenDecoding#DEFAULT_STRIDE}
         * @return this builder
         */
        public Builder stride(int value) {
            this.stride = value;
            return this;
        }

        /**
         * @param value how a token classifier's overlapping windows are combined in raw-text mode
         * @return this builder
         */
        public Builder windowMerge(WindowMerge value) {
            this.windowMerge = value;
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
         * @param value how a span model decodes the calls that do not say, both settings at once
         * @return this builder
         */
        public Builder spanDecoding(SpanDecoding value) {
            if (value == null) {
                throw new IllegalArgumentException("spanDecoding is null");
            }
            return nestedSpans(value.nested()).multiLabelSpans(value.multiLabel());
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
        public RecognizerConfig build() {
            return new RecognizerConfig(
                    batchSize,
                    quantized,
                    intraOpThreads,
                    device,
                    memoryArena,
                    memoryPattern,
                    maxConcurrentRuns,
                    new TokenDecoding(aggregation, stride, windowMerge, keepSpecialLabels),
                    new SpanDecoding(nestedSpans, multiLabelSpans));
        }
    }
}
