package io.github.bertner.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.runtime.BatchRows;
import io.github.bertner.runtime.OnnxEnvironment;
import io.github.bertner.runtime.OnnxSessionOptions;
import io.github.bertner.runtime.RowIds;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The upper bound: ONNX Runtime alone, run on exactly the padded batches (and packed rows) the tagger builds for the
 * workload (prepared once, outside the timing), with the tagger's session options.
 */
public final class RawOnnxRuntimeRow implements BenchRow {
    private final OrtEnvironment environment = OnnxEnvironment.get();
    private final OrtSession session;
    private final List<BatchRows<long[]>> batches;
    private final String name;

    /**
     * @param model the ONNX file
     * @param config the tagger's configuration, whose session options this row uses too
     * @param batches the tagger's batches for the workload ({@code Tagger.inferenceBatches})
     * @param name the row's name
     * @throws OrtException if the model cannot be loaded
     */
    public RawOnnxRuntimeRow(Path model, RecognizerConfig config, List<BatchRows<long[]>> batches, String name)
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
        for (BatchRows<long[]> batch : batches) {
            runBatch(batch);
        }
    }

    /**
     * Real and padded positions over all batches.
     *
     * @param batches the batches
     * @return {real positions, padded positions}
     */
    public static long[] positions(List<BatchRows<long[]>> batches) {
        long real = 0;
        long padded = 0;
        for (BatchRows<long[]> batch : batches) {
            real += batch.inputs().stream().mapToInt(s -> s.length).sum();
            padded += batch.paddedPositions(s -> s.length);
        }
        return new long[] {real, padded};
    }

    /** Runs one batch as the tagger feeds it: each row's sequences one after another, numbered from 1 in the mask. */
    private void runBatch(BatchRows<long[]> batch) throws OrtException {
        RowIds inputIds = RowIds.of(batch);
        int rows = inputIds.rows();
        int width = inputIds.width();
        long[] ids = inputIds.ids();
        long[] mask = inputIds.mask();
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
