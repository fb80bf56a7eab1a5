package io.github.bertner;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one class that touches ONNX Runtime: runs a token-classification graph on a batch of id
 * sequences, padded to the longest with an attention mask. One session serves every thread; every
 * tensor and result is closed per call; the process-wide environment is never closed.
 */
final class OnnxClassifier implements AutoCloseable {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, OnnxJavaType> inputs;
    private final String output;
    private final int labelCount;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Loads and checks a graph: its inputs must be among {@code input_ids} (required),
     * {@code attention_mask} and {@code token_type_ids}; a probe run on {@code probe} must give
     * {@code [1, length, labelCount]} logits.
     */
    OnnxClassifier(Path model, int labelCount, TaggerConfig config, long[] probe) throws ModelLoadException {
        this.labelCount = labelCount;
        session = OnnxSessions.open(model, config);
        try {
            inputs = inputTypes(model);
            output = outputName();
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
    float[][] run(List<long[]> sequences) {
        int rows = sequences.size();
        int width = 0;
        for (long[] sequence : sequences) {
            width = Math.max(width, sequence.length);
        }
        List<OnnxTensor> tensors = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feed = feed(sequences, rows, width, tensors);
            try (OrtSession.Result result = session.run(feed)) {
                return logits(result, sequences, width);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed on a batch of " + rows + " sequences of up to " + width + " positions: "
                            + e.getMessage(),
                    e);
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        OnnxSessions.closeOnce(session, closed);
    }

    private Map<String, OnnxTensor> feed(List<long[]> sequences, int rows, int width, List<OnnxTensor> tensors)
            throws OrtException {
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            long[] sequence = sequences.get(r);
            System.arraycopy(sequence, 0, ids, r * width, sequence.length);
            Arrays.fill(mask, r * width, r * width + sequence.length, 1L);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> feed = new HashMap<>();
        for (Map.Entry<String, OnnxJavaType> input : inputs.entrySet()) {
            long[] values = switch (input.getKey()) {
                case INPUT_IDS -> ids;
                case ATTENTION_MASK -> mask;
                default -> new long[rows * width];
            };
            OnnxTensor tensor = tensor(values, shape, input.getValue());
            tensors.add(tensor);
            feed.put(input.getKey(), tensor);
        }
        return feed;
    }

    private OnnxTensor tensor(long[] values, long[] shape, OnnxJavaType type) throws OrtException {
        if (type == OnnxJavaType.INT32) {
            int[] narrow = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = (int) values[i];
            }
            return OnnxTensor.createTensor(environment, IntBuffer.wrap(narrow), shape);
        }
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    private float[][] logits(OrtSession.Result result, List<long[]> sequences, int width) throws OrtException {
        OnnxValue value =
                result.get(output).orElseThrow(() -> new IllegalStateException("the model returned no " + output));
        FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
        float[][] logits = new float[sequences.size()][];
        for (int r = 0; r < logits.length; r++) {
            logits[r] = new float[sequences.get(r).length * labelCount];
            buffer.position(r * width * labelCount);
            buffer.get(logits[r]);
        }
        return logits;
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

    private void checkWidth(Path model, long[] probe) throws ModelLoadException {
        long[] shape;
        List<OnnxTensor> tensors = new ArrayList<>();
        try (OrtSession.Result result = session.run(feed(List.of(probe), 1, probe.length, tensors))) {
            shape = ((TensorInfo) result.get(output).orElseThrow().getInfo()).getShape();
        } catch (OrtException | RuntimeException e) {
            throw new ModelLoadException(model, "failed a test run on [CLS] [SEP]: " + e.getMessage(), e);
        } finally {
            tensors.forEach(OnnxTensor::close);
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
