package io.github.bertner;

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
        try (Tagger withArena = Tagger.load(TestModels.MINI);
                Tagger withoutArena = Tagger.load(
                        TestModels.MINI,
                        TaggerConfig.builder().memoryArena(false).build())) {
            TaggerComponentTest.assertSameSpans(withoutArena.tagTokens(sentences), withArena.tagTokens(sentences));
        }
    }

    @Test
    void runsOnCallingThreadsGiveWhatTheDedicatedThreadGives() throws Exception {
        List<String[]> sentences = DaneTestData.sentences().subList(0, 200);
        List<List<TokenSpan>> expected;
        try (Tagger tagger = Tagger.load(TestModels.MINI)) {
            expected = tagger.tagTokens(sentences);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Tagger tagger = Tagger.load(
                TestModels.MINI, TaggerConfig.builder().intraOpThreads(1).build())) {
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
