package io.github.bertner.serve;

import io.github.bertner.EntityTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests waiting for one model, run together: a worker takes the oldest request, adds the waiting requests
 * that ask for the same thing (the same call, the same entity types) until the batch holds {@code batchSize}
 * inputs or {@code batchWait} has passed, and makes one call for all of them, so that concurrent clients share
 * ONNX Runtime runs; as many workers as the model may make runs at once share the queue. The queue is bounded: beyond {@code maxQueue} waiting requests, {@link #submit} refuses at once
 * (503). A request whose deadline passes while it waits is answered 503 at its deadline and never run. A batch that
 * fails is run again request by request, so that a request fails alone.
 */
final class BatchQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchQueue.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final long IDLE_CHECK_MILLIS = 100;

    /**
     * One call on the model for many inputs, giving one output per input, and its name: requests share a run when
     * they name the same call and ask for the same entity types.
     *
     * @param name which call it is, such as {@code "tag"}
     * @param call the call
     * @param words the words of an input, for the message to a request too long to tag in time
     * @param <I> an input: a text or a sentence's tokens
     * @param <O> its output
     */
    record BatchCall<I, O>(String name, BiFunction<List<I>, EntityTypes, List<O>> call, ToIntFunction<I> words) {}

    /** What requests must have in common to share a run. */
    private record BatchKey(String call, EntityTypes types) {}

    private final String model;
    private final Duration requestTimeout;
    private final int batchSize;
    private final long batchWaitNanos;
    private final int maxQueue;
    private final IntConsumer batchSizes;
    private final LinkedBlockingQueue<Job<?, ?>> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Starts the worker.
     *
     * @param model the model's name, for messages and the worker thread
     * @param requestTimeout the server's request timeout, for messages
     * @param batchSize inputs after which a batch closes
     * @param batchWait how long a batch waits for more requests
     * @param maxQueue waiting requests beyond which a request is refused
     * @param parallelRuns batches that may run at once (the model's concurrent runs)
     * @param batchSizes told the number of inputs of every batch run
     */
    BatchQueue(
            String model,
            Duration requestTimeout,
            int batchSize,
            Duration batchWait,
            int maxQueue,
            int parallelRuns,
            IntConsumer batchSizes) {
        this.model = model;
        this.requestTimeout = requestTimeout;
        this.batchSize = batchSize;
        this.batchWaitNanos = batchWait.toNanos();
        this.maxQueue = maxQueue;
        this.batchSizes = batchSizes;
        for (int i = 0; i < parallelRuns; i++) {
            Thread worker = new Thread(this::work, "bert-ner-batches-" + model + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /**
     * Queues a request.
     *
     * @param call the call to make
     * @param inputs the request's inputs
     * @param types the entity types it asks for
     * @param timeout how long the request may still take
     * @return its outputs, or a failure when its deadline passes first: {@link HttpError} 422 if it had at least half
     *     of its time to run (it is too long to tag in time, and would be on a retry), else 503 (the server is busy)
     * @throws HttpError 503 at once when the queue is full or closed
     */
    <I, O> CompletableFuture<List<O>> submit(
            BatchCall<I, O> call, List<I> inputs, EntityTypes types, Duration timeout) {
        if (closed) {
            throw HttpError.unavailable("the server is stopping", RETRY_AFTER);
        }
        if (waiting.incrementAndGet() > maxQueue) {
            waiting.decrementAndGet();
            throw HttpError.unavailable(
                    maxQueue + " requests are already waiting for model '" + model + "'; try again shortly",
                    RETRY_AFTER);
        }
        Job<I, O> job = new Job<>(call, inputs, types);
        long time = Math.max(1, timeout.toNanos());
        long deadline = System.nanoTime() + time;
        job.result.orTimeout(time, TimeUnit.NANOSECONDS);
        queue.add(job);
        return job.result.exceptionallyCompose(e ->
                CompletableFuture.failedFuture(e instanceof TimeoutException ? timedOut(job, timeout, deadline) : e));
    }

    /**
     * The answer to a request whose deadline passed: a request that ran for at least half of its time is too long to
     * tag in time, which a retry cannot change; one that waited most of its time waited for others.
     */
    private HttpError timedOut(Job<?, ?> job, Duration timeout, long deadline) {
        long started = job.started;
        if (started != 0 && deadline - started >= timeout.toNanos() / 2) {
            return HttpError.unprocessable("too long to tag within --request-timeout " + requestTimeout.toSeconds()
                    + " s (" + job.words() + " words): send it in smaller parts, or start the server with a longer"
                    + " --request-timeout");
        }
        return HttpError.unavailable(
                "model '" + model + "' could not answer within the request timeout (" + timeout.toMillis()
                        + " ms left when the request was queued); the server is busy, try again shortly",
                RETRY_AFTER);
    }

    /**
     * Requests waiting to run.
     *
     * @return their number
     */
    int depth() {
        return waiting.get();
    }

    /**
     * Stops taking requests, lets the batches that run finish (a worker is never interrupted: its model run would go
     * on in native code after the call had returned), then answers the waiting requests 503.
     */
    @Override
    public void close() {
        closed = true;
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Job<?, ?> job = queue.poll(); job != null; job = queue.poll()) {
            job.result.completeExceptionally(HttpError.unavailable("the server is stopping", RETRY_AFTER));
        }
    }

    private void work() {
        List<Job<?, ?>> carried = new ArrayList<>();
        try {
            while (!closed) {
                Job<?, ?> first = carried.isEmpty() ? next() : carried.remove(0);
                if (first == null || first.result.isDone()) {
                    continue;
                }
                run(batchFrom(first, carried));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        carried.forEach(
                job -> job.result.completeExceptionally(HttpError.unavailable("the server is stopping", RETRY_AFTER)));
    }

    /** The oldest waiting job, or null if none arrives for a while (so that the worker sees a close). */
    private Job<?, ?> next() throws InterruptedException {
        Job<?, ?> job = queue.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        if (job != null) {
            waiting.decrementAndGet();
        }
        return job;
    }

    /** The first job and the waiting jobs that can share its run; the others are carried to the next batch. */
    private List<Job<?, ?>> batchFrom(Job<?, ?> first, List<Job<?, ?>> carried) throws InterruptedException {
        List<Job<?, ?>> batch = new ArrayList<>();
        batch.add(first);
        int size = first.inputs.size();
        for (Iterator<Job<?, ?>> it = carried.iterator(); it.hasNext() && size < batchSize; ) {
            Job<?, ?> job = it.next();
            if (job.sharesRunWith(first)) {
                it.remove();
                size += addUnlessDone(batch, job);
            }
        }
        long closesAt = System.nanoTime() + batchWaitNanos;
        while (size < batchSize) {
            Job<?, ?> next = queue.poll(Math.max(0, closesAt - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            waiting.decrementAndGet();
            if (next.sharesRunWith(first)) {
                size += addUnlessDone(batch, next);
            } else {
                carried.add(next);
            }
        }
        return batch;
    }

    private static int addUnlessDone(List<Job<?, ?>> batch, Job<?, ?> job) {
        if (job.result.isDone()) {
            return 0;
        }
        batch.add(job);
        return job.inputs.size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run(List<Job<?, ?>> batch) {
        batch.removeIf(job -> job.result.isDone());
        if (batch.isEmpty()) {
            return;
        }
        try {
            runTogether((List) batch);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                fail(batch.get(0), e);
                return;
            }
            LOG.debug("A batch of {} requests for model '{}' failed; running them one by one", batch.size(), model, e);
            for (Job<?, ?> job : batch) {
                try {
                    runTogether((List) List.of(job));
                } catch (RuntimeException alone) {
                    fail(job, alone);
                }
            }
        }
    }

    private <I, O> void runTogether(List<Job<I, O>> batch) {
        List<I> inputs = new ArrayList<>();
        batch.forEach(job -> inputs.addAll(job.inputs));
        batchSizes.accept(inputs.size());
        long started = System.nanoTime();
        batch.forEach(job -> job.started = started);
        Job<I, O> first = batch.get(0);
        List<O> outputs = first.call.call().apply(inputs, first.types);
        int from = 0;
        for (Job<I, O> job : batch) {
            int to = from + job.inputs.size();
            job.result.complete(List.copyOf(outputs.subList(from, to)));
            from = to;
        }
    }

    private void fail(Job<?, ?> job, RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            job.result.completeExceptionally(HttpError.badRequest(e.getMessage()));
        } else {
            LOG.error("Model '{}' failed on a request", model, e);
            job.result.completeExceptionally(
                    HttpError.internal("model '" + model + "' failed on this request; the server's log has its cause"));
        }
    }

    /** One request's inputs, the call it needs and its answer to come. */
    private static final class Job<I, O> {
        final BatchCall<I, O> call;
        final List<I> inputs;
        final EntityTypes types;
        final BatchKey key;
        final CompletableFuture<List<O>> result = new CompletableFuture<>();
        /** When its batch began to run (System.nanoTime), or 0 while it waits. */
        volatile long started;

        Job(BatchCall<I, O> call, List<I> inputs, EntityTypes types) {
            this.call = call;
            this.inputs = List.copyOf(inputs);
            this.types = types;
            this.key = new BatchKey(call.name(), types);
        }

        boolean sharesRunWith(Job<?, ?> other) {
            return key.equals(other.key);
        }

        long words() {
            long words = 0;
            for (I input : inputs) {
                words += call.words().applyAsInt(input);
            }
            return words;
        }
    }
}
