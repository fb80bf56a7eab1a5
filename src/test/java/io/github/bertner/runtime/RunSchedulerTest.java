package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An interrupted caller of the dedicated run thread: the call never ends before a run it started, and starts no other. */
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
                    scheduler.runEach(List.<Supplier<float[][]>>of(() -> {
                        started.countDown();
                        awaitQuietly(release);
                        runEnded.set(true);
                        return new float[0][];
                    }));
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
            CompletableFuture<List<float[][]>> first =
                    CompletableFuture.supplyAsync(() -> scheduler.runEach(List.<Supplier<float[][]>>of(() -> {
                        firstStarted.countDown();
                        awaitQuietly(release);
                        return new float[0][];
                    })));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            AtomicBoolean secondRan = new AtomicBoolean();
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> scheduler.runEach(List.<Supplier<float[][]>>of(() -> {
                        secondRan.set(true);
                        return new float[0][];
                    })))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            scheduler.runEach(List.<Supplier<float[][]>>of(() -> new float[0][]));
            assertThat(secondRan).isFalse();
        }
    }

    @Test
    void anInterruptedCallerStopsItsRunsAfterTheOneGoingOn() throws Exception {
        try (RunScheduler scheduler = RunScheduler.allowing(1)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger runsStarted = new AtomicInteger();
            Supplier<float[][]> run = () -> {
                runsStarted.incrementAndGet();
                started.countDown();
                awaitQuietly(release);
                return new float[0][];
            };
            AtomicBoolean gaveUp = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    scheduler.runEach(List.of(run, run, run));
                } catch (IllegalStateException interrupted) {
                    gaveUp.set(true);
                }
            });
            caller.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            Thread.sleep(200);
            release.countDown();
            caller.join(10_000);
            scheduler.runEach(List.<Supplier<float[][]>>of(() -> new float[0][]));
            assertThat(gaveUp).isTrue();
            assertThat(runsStarted).as("the runs after the interrupted one").hasValue(1);
        }
    }

    @Test
    void theRunsOfOneCallComeBackInOrderOnEveryScheduler() {
        for (int concurrentRuns : new int[] {1, 2}) {
            try (RunScheduler scheduler = RunScheduler.allowing(concurrentRuns)) {
                List<Supplier<Integer>> runs = List.of(() -> 1, () -> 2, () -> 3);
                assertThat(scheduler.runEach(runs)).containsExactly(1, 2, 3);
            }
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
