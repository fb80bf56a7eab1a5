package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.tagger.Tagger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tagger settings that must not change what is found: the memory arena, and runs on the callers' threads. */
@Tag("framework")
class TaggerRunSettingsTest {
    @Test
    void withoutTheMemoryArenaTheSpansAreTheSame() throws Exception {
        List<String[]> sentences = DaneTestData.sentences().subList(0, 100);
        try (Tagger withArena = TestModels.tagger(TestModels.MINI);
                Tagger withoutArena = TestModels.tagger(
                        TestModels.MINI,
                        RecognizerConfig.builder().memoryArena(false).build())) {
            TaggerComponentTest.assertSameSpans(withoutArena.tagTokens(sentences), withArena.tagTokens(sentences));
        }
    }

    @Test
    void closingWhileCallsAreInFlightLetsThemFinishAndRefusesLaterOnes() throws Exception {
        List<String[]> sentences = DaneTestData.sentences();
        List<List<TokenSpan>> expected;
        try (Tagger tagger = TestModels.tagger(TestModels.MINI)) {
            expected = tagger.tagTokens(sentences);
        }
        Tagger tagger = TestModels.tagger(TestModels.MINI);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
            List<Future<List<List<TokenSpan>>>> calls = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                calls.add(pool.submit(() -> {
                    started.countDown();
                    return tagger.tagTokens(sentences);
                }));
            }
            started.await();
            Thread.sleep(100);
            tagger.close();
            int finished = 0;
            for (Future<List<List<TokenSpan>>> call : calls) {
                try {
                    TaggerComponentTest.assertSameSpans(call.get(), expected);
                    finished++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause())
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("closed");
                }
            }
            assertThat(finished)
                    .as("calls in flight when close() came finished whole")
                    .isPositive();
            assertThatThrownBy(() -> tagger.tag("Chili Jensen")).isInstanceOf(IllegalStateException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsOnCallingThreadsGiveWhatTheDedicatedThreadGives() throws Exception {
        List<String[]> sentences = DaneTestData.sentences().subList(0, 200);
        List<List<TokenSpan>> expected;
        try (Tagger tagger = TestModels.tagger(TestModels.MINI)) {
            expected = tagger.tagTokens(sentences);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Tagger tagger = TestModels.tagger(
                TestModels.MINI, RecognizerConfig.builder().intraOpThreads(1).build())) {
            List<Future<List<List<TokenSpan>>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> tagger.tagTokens(sentences)));
            }
            for (Future<List<List<TokenSpan>>> result : results) {
                TaggerComponentTest.assertSameSpans(result.get(), expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
