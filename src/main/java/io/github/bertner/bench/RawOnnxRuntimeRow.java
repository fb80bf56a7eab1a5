package io.github.bertner.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.runtime.OnnxEnvironment;
import io.github.bertner.runtime.OnnxSessionOptions;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The upper bound: ONNX Runtime alone, run on exactly the padded batches the tagger builds for the
 * workload (prepared once, outside the timing), with the tagger's session options.
 */
public final class RawOnnxRuntimeRow implements BenchRow {
    private final OrtEnvironment environment = OnnxEnvironment.get();
    private final OrtSession session;
    private final List<List<long[]>> batches;
    private final String name;

    /**
     * @param model the ONNX file
     * @param config the tagger's configuration, whose session options this row uses too
     * @param batches the tagger's batches for the workload ({@code Tagger.inferenceBatches})
     * @param name the row's name
     * @throws OrtException if the model cannot be loaded
     */
    public RawOnnxRuntimeRow(Path model, RecognizerConfig config, List<List<long[]>> batches, String name)
            throws OrtException {
        try (OrtSession.SessionOptions options = OnnxSessionOptions.of(config)) {
            session = environment.createSession(model.toString(), options);
        }
        this.batches = batches;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Runs the prepared batches; the workload only names what they were made from. */
    @Override
    public void run(Workload workload) throws OrtException {
        for (List<long[]> batch : batches) {
            runBatch(batch);
        }
    }

    /**
     * Real and padded positions over all batches.
     *
     * @param batches the batches
     * @return {real positions, padded positions}
     */
    public static long[] positions(List<List<long[]>> batches) {
        long real = 0;
        long padded = 0;
        for (List<long[]> batch : batches) {
            int width = batch.stream().mapToInt(s -> s.length).max().orElse(0);
            real += batch.stream().mapToInt(s -> s.length).sum();
            padded += (long) width * batch.size();
        }
        return new long[] {real, padded};
    }

    private void runBatch(List<long[]> batch) throws OrtException {
        int rows = batch.size();
        int width = batch.stream().mapToInt(s -> s.length).max().orElse(0);
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(batch.get(r), 0, ids, r * width, batch.get(r).length);
            Arrays.fill(mask, r * width, r * width + batch.get(r).length, 1L);
        }
        long[] shape = {rows, width};
        List<OnnxTensor> tensors = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feed = new HashMap<>();
            for (String input : session.getInputNames()) {
                long[] values = input.equals("input_ids")
                        ? ids
                        : input.equals("attention_mask") ? mask : new long[rows * width];
                OnnxTensor tensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
                tensors.add(tensor);
                feed.put(input, tensor);
            }
            session.run(feed).close();
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
