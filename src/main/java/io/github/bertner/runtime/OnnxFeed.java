package io.github.bertner.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The input tensors of one ONNX Runtime run, and the outputs it writes in place, made here and closed together after
 * it, so that no model's run code allocates or frees a tensor of its own.
 */
public final class OnnxFeed implements AutoCloseable {
    private final OrtEnvironment environment = OnnxEnvironment.get();
    private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

    /** Reads what a run gives, while its result is open. */
    @FunctionalInterface
    public interface ResultReader<T> {
        /**
         * @param result the run's outputs, closed after this returns
         * @return what the caller keeps of them
         * @throws OrtException if an output cannot be read
         */
        T read(OrtSession.Result result) throws OrtException;
    }

    /**
     * Adds an integer input as the graph declares it: int64, or int32 narrowed from the values.
     *
     * @param name the input's name
     * @param values the values, row-major
     * @param type {@link OnnxJavaType#INT64} or {@link OnnxJavaType#INT32}
     * @param shape the shape
     * @throws IllegalStateException naming the input, if ONNX Runtime cannot make the tensor
     */
    public void integers(String name, long[] values, OnnxJavaType type, long... shape) {
        if (type == OnnxJavaType.INT32) {
            int[] narrow = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                narrow[i] = (int) values[i];
            }
            put(name, () -> OnnxTensor.createTensor(environment, IntBuffer.wrap(narrow), shape));
        } else {
            put(name, () -> OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape));
        }
    }

    /**
     * Adds a boolean input.
     *
     * @param name the input's name
     * @param values 1 for true, 0 for false, row-major
     * @param shape the shape
     * @throws IllegalStateException naming the input, if ONNX Runtime cannot make the tensor
     */
    public void booleans(String name, byte[] values, long... shape) {
        put(name, () -> OnnxTensor.createTensor(environment, ByteBuffer.wrap(values), shape, OnnxJavaType.BOOL));
    }

    /**
     * Adds a float output that the run writes in place, into memory of this feed, and makes it the only output the
     * run computes: ONNX Runtime then neither allocates the output nor copies it into a buffer of its own for the
     * caller to copy once more.
     *
     * @param name the output's name
     * @param shape the shape the run will give it
     * @return the memory the run writes, row-major, valid until this feed is closed
     * @throws IllegalStateException naming the output, if ONNX Runtime cannot make the tensor
     */
    public FloatBuffer floatOutput(String name, long... shape) {
        long elements = 1;
        for (long dimension : shape) {
            elements = Math.multiplyExact(elements, dimension);
        }
        FloatBuffer values = ByteBuffer.allocateDirect(Math.toIntExact(Math.multiplyExact(elements, Float.BYTES)))
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        replace(outputs, name, made("output", name, () -> OnnxTensor.createTensor(environment, values, shape)));
        return values;
    }

    /**
     * Runs the session on these inputs and reads its outputs.
     *
     * @param session the session
     * @param reader what to keep of the outputs
     * @param batch what the inputs are, for the message of a failed run
     * @param <T> what is kept
     * @return what the reader kept
     * @throws IllegalStateException naming the batch, if ONNX Runtime fails
     */
    public <T> T run(OrtSession session, ResultReader<T> reader, Supplier<String> batch) {
        try (OrtSession.Result result =
                outputs.isEmpty() ? session.run(tensors) : session.run(tensors, Set.of(), outputs)) {
            return reader.read(result);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + batch.get() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A float output of a run, by name.
     *
     * @param result the run's outputs
     * @param name the output's name
     * @return its values, valid while the result is open
     * @throws IllegalStateException if the run gave no such output
     */
    public static FloatBuffer floats(OrtSession.Result result, String name) {
        OnnxValue value = result.get(name)
                .orElseThrow(() -> new IllegalStateException("the model returned no output \"" + name + "\""));
        return ((OnnxTensor) value).getFloatBuffer();
    }

    @Override
    public void close() {
        tensors.values().forEach(OnnxTensor::close);
        outputs.values().forEach(OnnxTensor::close);
    }

    private void put(String name, TensorMaker maker) {
        replace(tensors, name, made("input", name, maker));
    }

    private static OnnxTensor made(String role, String name, TensorMaker maker) {
        try {
            return maker.make();
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime cannot make the " + role + " " + name + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Map<String, OnnxTensor> tensors, String name, OnnxTensor tensor) {
        OnnxTensor previous = tensors.put(name, tensor);
        if (previous != null) {
            previous.close();
        }
    }

    @FunctionalInterface
    private interface TensorMaker {
        OnnxTensor make() throws OrtException;
    }
}
