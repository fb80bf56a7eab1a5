package io.github.bertner.spark;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Recognizer} (a fine-tuned tagger or a zero-shot model) per JVM for each model directory and configuration, shared by every task thread of
 * a Spark executor (and by the driver in local mode). A tagger is loaded when the first task asks for it;
 * concurrent first requests load it once.
 *
 * <p>The taggers live as long as the executor JVM: they are not closed by a shutdown hook, because task
 * threads may still be inside ONNX Runtime when the JVM stops, and closing a session under a running
 * inference is unsafe; the operating system reclaims their memory when the executor exits. An
 * application that keeps its JVM after its Spark work (a local run inside a longer-lived program) may
 * call {@link #closeAll()} once no job runs.
 *
 * <p>Memory: each executor holds one copy of each model it has used (for BERT-base about 0.5 GB of ONNX
 * Runtime memory), whatever its number of task slots.
 */
public final class ExecutorTaggers {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTaggers.class);
    private static final Map<Key, Recognizer> TAGGERS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorTaggers() {}

    /**
     * The JVM's tagger for a model directory and configuration, loaded on first use.
     *
     * @param modelDirectory the model directory on this machine
     * @param config how to load and decode
     * @return the shared tagger; do not close it
     * @throws ModelLoadException if the model cannot be loaded (not remembered: the next call tries again)
     */
    public static Recognizer get(Path modelDirectory, RecognizerConfig config) throws ModelLoadException {
        Key key = new Key(modelDirectory.toAbsolutePath().normalize(), Objects.requireNonNull(config, "config"));
        Recognizer tagger = TAGGERS.get(key);
        return tagger != null ? tagger : load(key);
    }

    /**
     * How many taggers this JVM has loaded since it started (or since the last {@link #closeAll()}: the
     * count is not reset).
     *
     * @return the number of model loads
     */
    public static int loadCount() {
        return LOADS.get();
    }

    /** Closes and forgets every tagger of this JVM; call only when no task is using them. */
    public static synchronized void closeAll() {
        TAGGERS.values().forEach(Recognizer::close);
        TAGGERS.clear();
    }

    private static synchronized Recognizer load(Key key) throws ModelLoadException {
        Recognizer tagger = TAGGERS.get(key);
        if (tagger == null) {
            long started = System.nanoTime();
            tagger = Recognizers.load(ModelLocation.directory(key.directory()), key.config());
            TAGGERS.put(key, tagger);
            LOADS.incrementAndGet();
            LOG.info(
                    "Loaded the model {} in {} ms for this JVM",
                    key.directory(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return tagger;
    }

    private record Key(Path directory, RecognizerConfig config) {}
}
