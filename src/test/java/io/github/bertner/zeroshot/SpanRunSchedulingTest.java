package io.github.bertner.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A span model's ONNX Runtime runs go through the same scheduler as a token classifier's, watched from the threads'
 * stacks: with one run allowed, never two {@code OrtSession.run} at once and all on the run thread; an interrupted
 * caller does not return while its run goes on.
 */
@Tag("framework")
class SpanRunSchedulingTest {
    private static final EntityTypes TYPES = EntityTypes.of("person", "location", "organization");

    /** Long texts, so that a run lasts long enough to be seen. */
    private static List<String> texts(int count) {
        String sentence =
                "Chili Jensen fra Aarhus arbejder for Danske Bank i København og taler med Mette Frederiksen. ";
        return Collections.nCopies(count, sentence.repeat(20));
    }

    @Test
    void withOneRunAllowedRunsNeverOverlapAndAllRunOnTheRunThread() throws Exception {
        RecognizerConfig config = RecognizerConfig.builder()
                .maxConcurrentRuns(1)
                .intraOpThreads(1)
                .batchSize(2)
                .build();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (Recognizer recognizer = Recognizers.load(GlinerFixtures.ONNX, config)) {
            List<List<Entity>> expected = recognizer.tag(texts(4), TYPES);
            List<Future<List<List<Entity>>>> calls = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                calls.add(callers.submit(() -> recognizer.tag(texts(4), TYPES)));
            }
            int mostAtOnce = 0;
            List<String> runThreads = new ArrayList<>();
            while (calls.stream().anyMatch(call -> !call.isDone())) {
                List<String> running = threadsInRun();
                mostAtOnce = Math.max(mostAtOnce, running.size());
                runThreads.addAll(running);
            }
            for (Future<List<List<Entity>>> call : calls) {
                assertThat(call.get()).isEqualTo(expected);
            }
            assertThat(runThreads).as("runs seen while four callers tagged").isNotEmpty();
            assertThat(mostAtOnce).as("ONNX Runtime runs at once").isEqualTo(1);
            assertThat(runThreads).allMatch("bert-ner-onnx-runtime"::equals);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anInterruptedCallerDoesNotReturnWhileItsRunGoesOn() throws Exception {
        RecognizerConfig config =
                RecognizerConfig.builder().maxConcurrentRuns(1).batchSize(8).build();
        try (Recognizer recognizer = Recognizers.load(GlinerFixtures.ONNX, config)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    recognizer.tag(texts(64), TYPES);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            caller.start();
            while (threadsInRun().isEmpty() && caller.isAlive()) {
                Thread.onSpinWait();
            }
            caller.interrupt();
            caller.join(60_000);
            List<String> stillRunning = threadsInRun();
            assertThat(failure.get())
                    .as("the interrupt came during the call")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("interrupted");
            assertThat(stillRunning)
                    .as("runs going on when the interrupted call returned")
                    .isEmpty();
        }
    }

    /** The threads that are inside {@code OrtSession.run} now. */
    private static List<String> threadsInRun() {
        List<String> threads = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> thread :
                Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : thread.getValue()) {
                if (frame.getClassName().equals("ai.onnxruntime.OrtSession")
                        && frame.getMethodName().equals("run")) {
                    threads.add(thread.getKey().getName());
                    break;
                }
            }
        }
        return threads;
    }
}
