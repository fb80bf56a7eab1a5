package io.github.bertner.train;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.convert.Parameter;
import io.github.bertner.convert.TrainingGraph;
import io.github.bertner.runtime.OnnxEnvironment;
import io.github.bertner.runtime.OnnxSessionOptions;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training graph in an ONNX Runtime session, with the weights and their gradients in direct buffers that the
 * session reads and writes in place: a step feeds a batch and the dropout masks, and leaves every weight's gradient
 * in its buffer.
 */
final class TrainingSession implements AutoCloseable {
    private final OrtEnvironment environment = OnnxEnvironment.get();
    private final OrtSession session;
    private final List<Parameter> parameters;
    private final FloatBuffer[] weights;
    private final FloatBuffer[] gradients;
    private final List<OnnxTensor> weightTensors = new ArrayList<>();
    private final Map<String, OnnxTensor> gradientTensors = new HashMap<>();
    private final List<String> modelInputs;

    /**
     * Opens the session on the graph's weight buffers, which it reads in place.
     *
     * @param graph the training graph
     * @param config the threads and device
     */
    TrainingSession(TrainingGraph graph, RecognizerConfig config) throws OrtException {
        this.parameters = graph.parameters();
        this.modelInputs = graph.inputs();
        this.weights = new FloatBuffer[parameters.size()];
        this.gradients = new FloatBuffer[parameters.size()];
        try (OrtSession.SessionOptions options = OnnxSessionOptions.of(config)) {
            this.session = environment.createSession(graph.model(), options);
        }
        try {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                weights[i] = parameter.values();
                gradients[i] = Parameter.directBuffer(parameter.size());
                weightTensors.add(OnnxTensor.createTensor(environment, weights[i], parameter.shape()));
                gradientTensors.put(
                        parameter.gradient(), OnnxTensor.createTensor(environment, gradients[i], parameter.shape()));
            }
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The weights, each in graph layout. */
    List<Parameter> parameters() {
        return parameters;
    }

    /** The buffer of a weight's values, which the optimizer updates in place. */
    FloatBuffer weight(int index) {
        return weights[index];
    }

    /** The buffer of a weight's gradient, filled by each {@link #step}. */
    FloatBuffer gradient(int index) {
        return gradients[index];
    }

    /**
     * Runs one forward and backward pass.
     *
     * @param batch the padded batch
     * @param masks the step's dropout masks
     * @return the batch's loss
     */
    float step(Batch batch, List<DropoutMasks.Drawn> masks) throws OrtException {
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            long[] shape = {batch.rows(), batch.width()};
            for (String input : modelInputs) {
                inputs.put(input, own(owned, longs(batch.input(input), shape)));
            }
            inputs.put(TrainingGraph.LABELS, own(owned, longs(batch.labels(), shape)));
            for (DropoutMasks.Drawn mask : masks) {
                inputs.put(
                        mask.input(),
                        own(
                                owned,
                                OnnxTensor.createTensor(environment, mask.values(), mask.shape(), OnnxJavaType.BOOL)));
            }
            for (int i = 0; i < parameters.size(); i++) {
                inputs.put(parameters.get(i).name(), weightTensors.get(i));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(TrainingGraph.LOSS), gradientTensors)) {
                OnnxValue loss = result.get(TrainingGraph.LOSS).orElseThrow();
                return ((OnnxTensor) loss).getFloatBuffer().get(0);
            }
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor longs(long[] values, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    private static OnnxTensor own(List<OnnxTensor> owned, OnnxTensor tensor) {
        owned.add(tensor);
        return tensor;
    }

    @Override
    public void close() {
        weightTensors.forEach(OnnxTensor::close);
        gradientTensors.values().forEach(OnnxTensor::close);
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("the training session cannot be closed", e);
            }
        }
    }
}
