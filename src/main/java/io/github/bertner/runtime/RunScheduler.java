package io.github.bertner.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Where a model's ONNX Runtime runs happen, for every kind of model. With one run at a time they all go to one dedicated thread:
 * native memory is then allocated by one thread only, where calls from many threads would each grow a
 * malloc arena of their own (four UIMA engine threads used a third more memory than one). With more
 * runs allowed, they happen on the calling threads, at most that many at once.
 */
abstract class RunScheduler implements AutoCloseable {

    /**
     * The scheduler for a model.
     *
     * @param concurrentRuns the most runs at once: 1 for one dedicated thread, more for the calling threads
     * @return the scheduler
     */
    static RunScheduler allowing(int concurrentRuns) {
        return concurrentRuns == 1 ? new DedicatedThread() : new CallingThreads(concurrentRuns);
    }

    /** Runs {@code run} as this scheduler says and returns its result. */
    abstract <T> T run(Supplier<T> run);

    @Override
    public abstract void close();

    /** All runs on one daemon thread, in the order they come. */
    private static final class DedicatedThread extends RunScheduler {
        private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "bert-ner-onnx-runtime");
            t.setDaemon(true);
            return t;
        });

        /**
         * Runs on the dedicated thread. An interrupted caller gives up a run that has not started; one that has
         * started is waited for first, because the caller's return ends its call, and a recognizer closed then would free
         * the session under the run still going on in native code.
         */
        @Override
        <T> T run(Supplier<T> run) {
            ClaimedRun<T> call = new ClaimedRun<>(run);
            Future<T> result = thread.submit(call);
            try {
                return result.get();
            } catch (InterruptedException e) {
                if (call.claim()) {
                    result.cancel(false);
                } else {
                    call.awaitEnd();
                }
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

    /** A run that either its thread or a caller giving up claims first, and whose end can be waited for. */
    private static final class ClaimedRun<T> implements Callable<T> {
        private final Supplier<T> run;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch ended = new CountDownLatch(1);

        ClaimedRun(Supplier<T> run) {
            this.run = run;
        }

        /** Claims the run for a caller that gives up: true if it had not started, and now never will. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public T call() {
            if (!claim()) {
                return null;
            }
            try {
                return run.get();
            } finally {
                ended.countDown();
            }
        }

        /** Waits for the run to end, through interrupts, which are kept for the caller. */
        void awaitEnd() {
            boolean interrupted = false;
            while (true) {
                try {
                    ended.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs on the calling threads, at most a given number at once. */
    private static final class CallingThreads extends RunScheduler {
        private final Semaphore permits;

        CallingThreads(int concurrentRuns) {
            this.permits = new Semaphore(concurrentRuns);
        }

        @Override
        <T> T run(Supplier<T> run) {
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
