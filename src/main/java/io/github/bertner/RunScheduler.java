package io.github.bertner;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Where a tagger's ONNX Runtime runs happen. With one run at a time they all go to one dedicated thread:
 * native memory is then allocated by one thread only, where calls from many threads would each grow a
 * malloc arena of their own (four UIMA engine threads used a third more memory than one). With more
 * runs allowed, they happen on the calling threads, at most that many at once.
 */
abstract class RunScheduler implements AutoCloseable {

    static RunScheduler allowing(int concurrentRuns) {
        return concurrentRuns == 1 ? new DedicatedThread() : new CallingThreads(concurrentRuns);
    }

    /** Runs {@code run} as this scheduler says and returns its result. */
    abstract float[][] run(Supplier<float[][]> run);

    @Override
    public abstract void close();

    /** All runs on one daemon thread, in the order they come. */
    private static final class DedicatedThread extends RunScheduler {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "bert-ner-onnx-runtime");
            t.setDaemon(true);
            return t;
        });

        @Override
        float[][] run(Supplier<float[][]> run) {
            Callable<float[][]> call = run::get;
            Future<float[][]> result = thread.submit(call);
            try {
                return result.get();
            } catch (InterruptedException e) {
                result.cancel(false);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ONNX Runtime", e);
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            }
        }

        private static RuntimeException rethrown(Throwable cause) {
            if (cause instanceof RuntimeException runtime) {
                return runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(cause);
        }

        @Override
        public void close() {
            thread.shutdown();
        }
    }

    /** Runs on the calling threads, at most a given number at once. */
    private static final class CallingThreads extends RunScheduler {
        private final Semaphore permits;

        CallingThreads(int concurrentRuns) {
            this.permits = new Semaphore(concurrentRuns);
        }

        @Override
        float[][] run(Supplier<float[][]> run) {
            permits.acquireUninterruptibly();
            try {
                return run.get();
            } finally {
                permits.release();
            }
        }

        @Override
        public void close() {}
    }
}
