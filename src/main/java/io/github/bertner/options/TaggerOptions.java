package io.github.bertner.options;

import io.github.bertner.Aggregation;
import io.github.bertner.EntityTypes;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenDecoding;
import io.github.bertner.WindowMerge;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command-line options that configure how a tagger decodes and where it runs, shared by the
 * {@code bert-ner} commands and the Spark job (which extend this class; picocli reads inherited options).
 */
public class TaggerOptions {
    @Option(
            names = "--aggregation",
            paramLabel = "STRATEGY",
            defaultValue = TokenDecoding.DEFAULT_AGGREGATION,
            converter = AggregationConverter.class,
            description = "none, simple, first, average or max (default: ${DEFAULT-VALUE}).")
    Aggregation aggregation;

    @Option(
            names = "--stride",
            paramLabel = "N",
            converter = CountConverter.NonNegative.class,
            description = "Overlap in subwords between windows over long inputs (default: 128, or half the window).")
    Integer stride;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            converter = CountConverter.Positive.class,
            defaultValue = "" + RecognizerConfig.DEFAULT_BATCH_SIZE,
            description = "Windows (sentences) per ONNX Runtime run (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--quantized", description = "Use model_quantized.onnx (int8) instead of model.onnx.")
    boolean quantized;

    @Option(
            names = "--keep-special-labels",
            description =
                    "Report labels such as [PAD] or [CLS] as entities, as the Hugging Face pipeline does (default: they count as O).")
    boolean keepSpecialLabels;

    @Option(
            names = "--window-merge",
            paramLabel = "MODE",
            defaultValue = "HUGGING_FACE",
            description =
                    "How overlapping windows combine in raw-text mode: hugging_face or center (default: ${DEFAULT-VALUE}).")
    WindowMerge windowMerge;

    @Mixin
    DeviceOption device;

    @Option(
            names = "--labels",
            paramLabel = "TYPE,TYPE,…",
            description = "The entity types to find. A zero-shot GLiNER model needs them and finds any type named here"
                    + " (person,organization,medication; a type may end in =THRESHOLD, as person=0.6); a token classifier"
                    + " finds all its own types without them, or only those of them named here.")
    String labels;

    @Option(
            names = "--threshold",
            paramLabel = "P",
            description = "The score an entity must pass, in [0, 1], for types without their own (a zero-shot model's"
                    + " default: 0.5, GLiNER's; a token classifier keeps every entity without it).")
    Double threshold;

    @Option(
            names = "--nested",
            description = "Zero-shot models: let an entity lie inside another (GLiNER's flat_ner=False).")
    boolean nested;

    @Option(
            names = "--multi-label",
            description = "Zero-shot models: let one span be an entity of several types (GLiNER's multi_label=True).")
    boolean multiLabel;

    @Option(
            names = "--no-memory-arena",
            description =
                    "Turn off ONNX Runtime's CPU memory arena (on by default), so that each run allocates afresh: less memory held after long documents, slower.")
    boolean noMemoryArena;

    @Option(
            names = "--memory-pattern",
            description = "Let ONNX Runtime cache a memory plan per input shape (default: off).")
    boolean memoryPattern;

    /**
     * A configuration builder with these options set; the caller adds its thread settings.
     *
     * @return a new builder
     */
    public RecognizerConfig.Builder configBuilder() {
        return RecognizerConfig.builder()
                .aggregation(aggregation)
                .stride(stride == null ? TokenDecoding.DEFAULT_STRIDE : stride)
                .batchSize(batchSize)
                .quantized(quantized)
                .keepSpecialLabels(keepSpecialLabels)
                .windowMerge(windowMerge)
                .device(device.device())
                .memoryArena(!noMemoryArena)
                .memoryPattern(memoryPattern)
                .nestedSpans(nested)
                .multiLabelSpans(multiLabel);
    }

    /**
     * The entity types of {@code --labels} and {@code --threshold}.
     *
     * @return the types, or {@link EntityTypes#model()} (with the threshold, if given) without {@code --labels}
     * @throws IllegalArgumentException naming an empty type or a threshold outside [0, 1]
     */
    public EntityTypes entityTypes() {
        EntityTypes types = labels == null ? EntityTypes.model() : EntityTypes.parse(labels);
        return threshold == null ? types : types.withThreshold(threshold);
    }

    /**
     * Whether {@code --quantized} was given.
     *
     * @return true for the int8 model
     */
    public boolean quantized() {
        return quantized;
    }
}
