package io.github.bertner.tagger;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.runtime.BatchModel;
import io.github.bertner.runtime.BatchRows;
import io.github.bertner.runtime.OnnxFeed;
import io.github.bertner.runtime.OnnxSessions;
import io.github.bertner.runtime.RowIds;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The token classifier's ONNX Runtime model: runs a token-classification graph on a batch of id
 * sequences, padded to the longest with an attention mask, or, for a graph that says it takes sequence numbers
 * ({@link ModelFiles#PACKING_METADATA}), on rows that each hold several sequences one after another. One session
 * serves every thread; every tensor and result is closed per call; the process-wide environment is never closed.
 */
final class OnnxClassifier implements BatchModel<long[]>, AutoCloseable {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final OrtSession session;
    private final Map<String, OnnxJavaType> inputs;
    private final String output;
    /** Whether the logits are float32, which runs then write in place (others, float16, are read as float32). */
    private final boolean floatLogits;
    /** Whether the graph's attention mask may number the sequences of a row. */
    private final boolean packs;

    private final int labelCount;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Loads and checks a graph: its inputs must be among {@code input_ids} (required),
     * {@code attention_mask} and {@code token_type_ids}; a probe run on {@code probe} must give
     * {@code [1, length, labelCount]} logits.
     */
    OnnxClassifier(Path model, int labelCount, RecognizerConfig config, long[] probe) throws ModelLoadException {
        this.labelCount = labelCount;
        session = OnnxSessions.open(model, config);
        try {
            inputs = inputTypes(model);
            output = outputName();
            floatLogits = outputType(model) == OnnxJavaType.FLOAT;
            packs = takesSequenceNumbers(model);
            checkWidth(model, probe);
        } catch (ModelLoadException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The graph's input names. */
    Set<String> inputNames() {
        return inputs.keySet();
    }

    /**
     * Logits of each sequence: element {@code [s][position * labelCount + label]}, for the sequence's
     * own positions only (padding removed).
     */
    @Override
    public float[][] run(List<long[]> sequences) {
        return runRows(new BatchRows<>(sequences.stream().map(List::of).toList()));
    }

    @Override
    public boolean packs() {
        return packs;
    }

    /**
     * Logits of each sequence of rows that pack several, row after row: as {@link #run}.
     *
     * @throws UnsupportedOperationException if the graph does not take sequence numbers
     */
    @Override
    public float[][] runPacked(BatchRows<long[]> batch) {
        if (!packs) {
            throw new UnsupportedOperationException("the graph does not take sequence numbers in its attention mask");
        }
        return runRows(batch);
    }

    private float[][] runRows(BatchRows<long[]> batch) {
        RowIds inputIds = RowIds.of(batch);
        int width = inputIds.width();
        List<List<long[]>> rows = batch.rows();
        try (OnnxFeed feed = new OnnxFeed()) {
            fill(feed, inputIds);
            FloatBuffer written = floatLogits ? feed.floatOutput(output, rows.size(), width, labelCount) : null;
            return feed.run(
                    session,
                    result -> logits(floatLogits ? written : OnnxFeed.floats(result, output), rows, width),
                    () -> "a batch of " + batch.inputs().size() + " sequences in " + rows.size() + " rows of up to "
                            + width + " positions");
        }
    }

    @Override
    public void close() {
        OnnxSessions.closeOnce(session, closed);
    }

    /** Adds the ids, the attention mask and zero token types, as the graph declares each. */
    private void fill(OnnxFeed feed, RowIds inputIds) {
        for (Map.Entry<String, OnnxJavaType> input : inputs.entrySet()) {
            long[] values = switch (input.getKey()) {
                case INPUT_IDS -> inputIds.ids();
                case ATTENTION_MASK -> inputIds.mask();
                default -> new long[inputIds.ids().length];
            };
            feed.integers(input.getKey(), values, input.getValue(), inputIds.rows(), inputIds.width());
        }
    }

    private float[][] logits(FloatBuffer buffer, List<List<long[]>> rows, int width) {
        List<float[]> logits = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            buffer.position(r * width * labelCount);
            for (long[] sequence : rows.get(r)) {
                float[] sequenceLogits = new float[sequence.length * labelCount];
                buffer.get(sequenceLogits);
                logits.add(sequenceLogits);
            }
        }
        return logits.toArray(float[][]::new);
    }

    private boolean takesSequenceNumbers(Path model) throws ModelLoadException {
        try {
            return ModelFiles.SEQUENCE_NUMBERS.equals(
                    session.getMetadata().getCustomMetadata().get(ModelFiles.PACKING_METADATA));
        } catch (OrtException e) {
            throw new ModelLoadException(model, "cannot read its metadata: " + e.getMessage(), e);
        }
    }

    private Map<String, OnnxJavaType> inputTypes(Path model) throws ModelLoadException {
        try {
            Map<String, OnnxJavaType> types = new HashMap<>();
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                if (!KNOWN_INPUTS.contains(input.getKey())) {
                    throw new ModelLoadException(
                            model,
                            "has an input \"" + input.getKey() + "\" the tagger cannot feed; expected only "
                                    + KNOWN_INPUTS);
                }
                OnnxJavaType type = ((TensorInfo) input.getValue().getInfo()).type;
                if (type != OnnxJavaType.INT64 && type != OnnxJavaType.INT32) {
                    throw new ModelLoadException(
                            model, "input \"" + input.getKey() + "\" must be int64 or int32, is " + type);
                }
                types.put(input.getKey(), type);
            }
            if (!types.containsKey(INPUT_IDS)) {
                throw new ModelLoadException(model, "has no input \"input_ids\"; its inputs are " + types.keySet());
            }
            return Map.copyOf(types);
        } catch (OrtException e) {
            throw new ModelLoadException(model, "cannot describe its inputs: " + e.getMessage(), e);
        }
    }

    private String outputName() {
        Set<String> names = session.getOutputNames();
        return names.contains("logits") ? "logits" : names.iterator().next();
    }

    private OnnxJavaType outputType(Path model) throws ModelLoadException {
        try {
            return ((TensorInfo) session.getOutputInfo().get(output).getInfo()).type;
        } catch (OrtException | ClassCastException e) {
            throw new ModelLoadException(model, "output \"" + output + "\" is not a tensor: " + e.getMessage(), e);
        }
    }

    private void checkWidth(Path model, long[] probe) throws ModelLoadException {
        long[] shape;
        try (OnnxFeed feed = new OnnxFeed()) {
            fill(feed, RowIds.of(new BatchRows<>(List.of(List.of(probe)))));
            shape = feed.run(
                    session,
                    result -> ((TensorInfo) result.get(output).orElseThrow().getInfo()).getShape(),
                    () -> "a test run on [CLS] [SEP]");
        } catch (RuntimeException e) {
            throw new ModelLoadException(model, e.getMessage(), e);
        }
        if (shape.length != 3 || shape[2] != labelCount) {
            throw new ModelLoadException(
                    model,
                    "output \"" + output + "\" has shape " + Arrays.toString(shape)
                            + " on a 1 x " + probe.length + " input, but config.json id2label has " + labelCount
                            + " labels: expected [1, " + probe.length + ", " + labelCount + "]");
        }
    }
}
