package io.github.bertner.serve;

import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelInfo;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenLabels;
import io.github.bertner.TokenSpan;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real model whose runs wait: for a gate to open and then a fixed delay, so that tests can hold requests in the
 * queue. Calls on no input (the server's check of the entity types) do not wait.
 */
final class SlowRecognizer implements Recognizer {
    private final Recognizer model;
    private final long delayMillis;
    private final CountDownLatch gate;
    final AtomicInteger runs = new AtomicInteger();

    SlowRecognizer(Recognizer model, long delayMillis, boolean gateOpen) {
        this.model = model;
        this.delayMillis = delayMillis;
        this.gate = new CountDownLatch(gateOpen ? 0 : 1);
    }

    void open() {
        gate.countDown();
    }

    private void await(int inputs) {
        if (inputs == 0) {
            return;
        }
        runs.incrementAndGet();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate was never opened");
            }
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public RecognizerConfig config() {
        return model.config();
    }

    @Override
    public List<String> entityTypes() {
        return model.entityTypes();
    }

    @Override
    public void check(EntityTypes types) {
        model.check(types);
    }

    @Override
    public List<List<Entity>> tag(List<String> texts, EntityTypes types) {
        await(texts.size());
        return model.tag(texts, types);
    }

    @Override
    public List<List<TokenSpan>> tagTokens(List<String[]> sentences, EntityTypes types) {
        await(sentences.size());
        return model.tagTokens(sentences, types);
    }

    @Override
    public List<TokenLabels> labelTokens(List<String[]> sentences, EntityTypes types) {
        await(sentences.size());
        return model.labelTokens(sentences, types);
    }

    @Override
    public boolean isClosed() {
        return model.isClosed();
    }

    @Override
    public void close() {
        model.close();
    }
}
