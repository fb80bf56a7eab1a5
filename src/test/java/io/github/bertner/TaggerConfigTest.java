package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TaggerConfigTest {

    @Test
    void concurrencyIsOneRunWhereOnnxRuntimeUsesEveryCore() {
        assertThat(TaggerConfig.defaults().effectiveConcurrentRuns()).isEqualTo(1);
        assertThat(TaggerConfig.builder().intraOpThreads(1).build().effectiveConcurrentRuns())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(TaggerConfig.builder().maxConcurrentRuns(3).build().effectiveConcurrentRuns())
                .isEqualTo(3);
        assertThatThrownBy(() -> TaggerConfig.builder().maxConcurrentRuns(-1).build())
                .hasMessageContaining("maxConcurrentRuns");
    }

    @Test
    void memoryArenaIsOnByDefaultAsInOnnxRuntime() {
        assertThat(TaggerConfig.defaults().memoryArena()).isTrue();
        assertThat(TaggerConfig.defaults().memoryPattern()).isFalse();
    }

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
    void toBuilderKeepsEverySetting() {
        TaggerConfig config = TaggerConfig.builder()
                .aggregation(Aggregation.MAX)
                .stride(64)
                .batchSize(8)
                .quantized(true)
                .keepSpecialLabels(true)
                .windowMerge(WindowMerge.CENTER)
                .intraOpThreads(2)
                .memoryArena(false)
                .memoryPattern(true)
                .maxConcurrentRuns(4)
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
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
