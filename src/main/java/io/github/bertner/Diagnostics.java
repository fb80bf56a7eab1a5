package io.github.bertner;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;

/**
 * What a {@link Tagger} hands to ONNX Runtime, for measuring the model's own cost beside the tagger's
 * (the {@code bench} command's raw ONNX Runtime rows) and for reproducing a run outside the tagger.
 * Tagging needs none of it.
 */
public final class Diagnostics {
    private Diagnostics() {}

    /**
     * The id sequences that {@link Tagger#tagTokens(List)} runs for these sentences, in the batches it
     * runs them: each window with its special tokens, unpadded (a batch is padded to its longest
     * sequence).
     *
     * @param tagger the tagger
     * @param sentences the sentences as host tokens
     * @return the batches, each a list of id sequences
     * @throws IllegalArgumentException naming the first null sentence or token
     * @throws IllegalStateException if the tagger is closed
     */
    public static List<List<long[]>> inferenceBatches(Tagger tagger, List<String[]> sentences) {
        return tagger.inferenceBatches(sentences);
    }

    /**
     * The session options a tagger with this configuration runs its model with: all graph optimizations,
     * its intra-op threads, memory arena and memory pattern settings, and its device.
     *
     * @param config the configuration
     * @return new options; the caller closes them
     * @throws OrtException if ONNX Runtime rejects a setting
     * @throws IllegalArgumentException if CUDA is asked for but cannot be used
     */
    public static OrtSession.SessionOptions sessionOptions(TaggerConfig config) throws OrtException {
        return OnnxSessionOptions.of(config);
    }
}
