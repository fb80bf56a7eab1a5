package io.github.bertner.uima;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionProcessingEngine;
import org.apache.uima.collection.EntityProcessStatus;
import org.apache.uima.collection.StatusCallbackListener;

/** Runs a CPE to its end and collects what went wrong on the way. */
public final class CpeCompletion implements StatusCallbackListener {
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<String> errors = new ArrayList<>();

    private CpeCompletion() {}

    /**
     * Runs a CPE and waits for it to finish.
     *
     * @param cpe the engine
     * @param limit how long it may take; a test fails after it
     * @return the errors of its documents, and an abort; empty when all went well
     */
    public static List<String> run(CollectionProcessingEngine cpe, Duration limit) throws Exception {
        CpeCompletion completion = new CpeCompletion();
        cpe.addStatusCallbackListener(completion);
        cpe.process();
        assertThat(completion.done.await(limit.toMillis(), TimeUnit.MILLISECONDS))
                .as("the CPE finished")
                .isTrue();
        synchronized (completion.errors) {
            return List.copyOf(completion.errors);
        }
    }

    @Override
    public void entityProcessComplete(CAS cas, EntityProcessStatus status) {
        if (status.isException()) {
            synchronized (errors) {
                status.getExceptions().forEach(e -> errors.add(e.toString()));
            }
        }
    }

    @Override
    public void initializationComplete() {}

    @Override
    public void batchProcessComplete() {}

    @Override
    public void collectionProcessComplete() {
        done.countDown();
    }

    @Override
    public void paused() {}

    @Override
    public void resumed() {}

    @Override
    public void aborted() {
        synchronized (errors) {
            errors.add("the CPE aborted");
        }
        done.countDown();
    }
}
