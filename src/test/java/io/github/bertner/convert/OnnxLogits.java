package io.github.bertner.convert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.runtime.OnnxEnvironment;
import java.nio.file.Path;
import java.util.Map;

/** Runs an ONNX token classifier directly through ONNX Runtime, for comparing graphs logit by logit. */
public final class OnnxLogits implements AutoCloseable {
    private final OrtEnvironment environment = OnnxEnvironment.get();
    private final OrtSession session;

    public OnnxLogits(Path model) throws OrtException {
        session = environment.createSession(model.toString(), new OrtSession.SessionOptions());
    }

    /** Runs the graph on the inputs it declares among these three. */
    public float[][][] run(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds) throws OrtException {
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, inputIds);
                OnnxTensor mask = OnnxTensor.createTensor(environment, attentionMask);
                OnnxTensor types = OnnxTensor.createTensor(environment, tokenTypeIds)) {
            Map<String, OnnxTensor> feed =
                    new java.util.HashMap<>(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types));
            feed.keySet().retainAll(session.getInputNames());
            try (OrtSession.Result result = session.run(feed)) {
                return (float[][][]) result.get("logits").orElseThrow().getValue();
            }
        }
    }

    /** The largest absolute difference over the positions where {@code mask} is 1. */
    public static double maxDifference(float[][][] a, float[][][] b, long[][] mask) {
        double max = 0;
        for (int s = 0; s < a.length; s++) {
            for (int t = 0; t < a[s].length; t++) {
                if (mask[s][t] == 1) {
                    for (int l = 0; l < a[s][t].length; l++) {
                        max = Math.max(max, Math.abs(a[s][t][l] - b[s][t][l]));
                    }
                }
            }
        }
        return max;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
