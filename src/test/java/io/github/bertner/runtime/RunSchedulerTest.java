package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An interrupted caller of the dedicated run thread: the call never ends before a run it started. */
@Tag("unit")
class RunSchedulerTest {

    @Test
    void anInterruptedCallerWaitsForItsRunThatHasStarted() throws Exception {
        try (RunScheduler scheduler = RunScheduler.allowing(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean runEnded = new AtomicBoolean();
            AtomicReference<Boolean> endedWhenCallReturned = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    scheduler.run(() -> {
                        started.countDown();
                        awaitQuietly(release);
                        runEnded.set(true);
                        return new float[0][];
                    });
                } catch (IllegalStateException interrupted) {
                    endedWhenCallReturned.set(runEnded.get());
                }
            });
            caller.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            Thread.sleep(200);
            assertThat(caller.isAlive()).as("the call waits for its run").isTrue();
            release.countDown();
            caller.join(10_000);
            assertThat(endedWhenCallReturned.get()).isTrue();
        }
    }

    @Test
    void anInterruptedCallerGivesUpARunThatHasNotStarted() throws Exception {
        try (RunScheduler scheduler = RunScheduler.allowing(1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch firstStarted = new CountDownLatch(1);
            CompletableFuture<float[][]> first = CompletableFuture.supplyAsync(() -> scheduler.run(() -> {
                firstStarted.countDown();
                awaitQuietly(release);
                return new float[0][];
            }));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicBoolean secondRan = new AtomicBoolean();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> scheduler.run(() -> {
                        secondRan.set(true);
                        return new float[0][];
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            scheduler.run(() -> new float[0][]);
            assertThat(secondRan).isFalse();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
