package io.github.bertner.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps a recognizer's native resources (tokenizer, ONNX Runtime session) alive while calls use them: calls hold a
 * shared lock, closing takes it alone, so that {@code close()} waits for the calls in flight instead of freeing
 * memory under them; a call after closing is refused.
 */
public final class InFlightCalls {
    private final String owner;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReadWriteLock use = new ReentrantReadWriteLock();

    /**
     * @param owner the class whose calls these are, for the message of a call after closing
     */
    public InFlightCalls(String owner) {
        this.owner = owner;
    }

    /**
     * Runs a call while open, holding the resources open until it returns.
     *
     * @param call the call
     * @param <T> its result
     * @return its result
     * @throws IllegalStateException if closed
     */
    public <T> T whileOpen(Supplier<T> call) {
        use.readLock().lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("this " + owner + " is closed");
            }
            return call.get();
        } finally {
            use.readLock().unlock();
        }
    }

    /**
     * Releases the resources once, after the calls in flight have returned; idempotent.
     *
     * @param release what frees them
     */
    public void close(Runnable release) {
        use.writeLock().lock();
        try {
            if (closed.compareAndSet(false, true)) {
                release.run();
            }
        } finally {
            use.writeLock().unlock();
        }
    }

    /**
     * Whether {@link #close} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }
}
