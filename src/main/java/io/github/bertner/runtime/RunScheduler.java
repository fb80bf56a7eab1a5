package io.github.bertner.runtime;

import java.util.ArrayList;
import java.util.List;
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
 * malloc arena of their own (four UIMA engine threads used a third more memory than one). A call's runs go to that
 * thread together, as one task, so that the call waits once and not once per run (a wake-up of each thread per run
 * cost the demo model 2 to 3 % of its time). With more runs allowed, they happen on the calling threads, at most
 * that many at once.
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

    /**
     * Makes the runs of one call, in order, as this scheduler says.
     *
     * @param runs the runs
     * @return their results, in order
     * @throws IllegalStateException if the calling thread is interrupted while it waits: the runs not yet started
     *     never start, and the one going on is waited for first
     */
    abstract <T> List<T> runEach(List<Supplier<T>> runs);

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
         * Runs on the dedicated thread. An interrupted caller gives up the runs that have not started; one that has
         * started is waited for first, because the caller's return ends its call, and a recognizer closed then would free
         * the session under the run still going on in native code.
         */
        @Override
        <T> List<T> runEach(List<Supplier<T>> runs) {
            ClaimedRuns<T> call = new ClaimedRuns<>(runs);
            Future<List<T>> results = thread.submit(call);
            try {
                return results.get();
            } catch (InterruptedException e) {
                if (call.claim()) {
                    results.cancel(false);
                } else {
                    call.abandon();
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

    /**
     * A call's runs, which either the dedicated thread or a caller giving up claims first; a caller that gives up
     * after they started stops them before the next run, and can wait for their end.
     */
    private static final class ClaimedRuns<T> implements Callable<List<T>> {
        private final List<Supplier<T>> runs;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private final CountDownLatch ended = new CountDownLatch(1);

        ClaimedRuns(List<Supplier<T>> runs) {
            this.runs = runs;
        }

        /** Claims the runs for a caller that gives up: true if they had not started, and now never will. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        /** Stops the runs before the next one. */
        void abandon() {
            abandoned.set(true);
        }

        @Override
        public List<T> call() {
            if (!claim()) {
                return null;
            }
            try {
                List<T> results = new ArrayList<>(runs.size());
                for (Supplier<T> run : runs) {
                    if (abandoned.get()) {
                        return null;
                    }
                    results.add(run.get());
                }
                return results;
            } finally {
                ended.countDown();
            }
        }

        /** Waits for the run going on to end, through interrupts, which are kept for the caller. */
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
        <T> List<T> runEach(List<Supplier<T>> runs) {
            List<T> results = new ArrayList<>(runs.size());
            for (Supplier<T> run : runs) {
                permits.acquireUninterruptibly();
                try {
                    results.add(run.get());
                } finally {
                    permits.release();
                }
            }
            return results;
        }

        @Override
        public void close() {}
    }
}
