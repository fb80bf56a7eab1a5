package io.github.bertner.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opening and closing a model's ONNX Runtime session, one way for both kinds of model (the token classifier's
 * {@code OnnxClassifier} and the zero-shot span session): the session options of {@link OnnxSessionOptions#of},
 * a file that cannot be loaded named, and a close that happens once.
 */
public final class OnnxSessions {
    private OnnxSessions() {}

    /**
     * Opens a session on a model file.
     *
     * @param model the ONNX file
     * @param config the session settings
     * @return the session
     * @throws ModelLoadException naming the file that ONNX Runtime cannot load
     */
    public static OrtSession open(Path model, RecognizerConfig config) throws ModelLoadException {
        try (OrtSession.SessionOptions options = OnnxSessionOptions.of(config)) {
            return OnnxEnvironment.get().createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException(
                    model, "is not an ONNX model that ONNX Runtime can load: " + e.getMessage(), e);
        }
    }

    /**
     * Closes a session unless {@code closed} says it was closed already.
     *
     * @param session the session
     * @param closed set here on the first call
     * @throws IllegalStateException if ONNX Runtime fails to close it
     */
    public static void closeOnce(OrtSession session, AtomicBoolean closed) {
        if (closed.compareAndSet(false, true)) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the ONNX Runtime session failed", e);
            }
        }
    }
}
