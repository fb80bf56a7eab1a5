package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RecognizerConfigTest {

    @Test
    void concurrencyIsOneRunWhereOnnxRuntimeUsesEveryCore() {
        assertThat(RecognizerConfig.defaults().effectiveConcurrentRuns()).isEqualTo(1);
        assertThat(RecognizerConfig.builder().intraOpThreads(1).build().effectiveConcurrentRuns())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(RecognizerConfig.builder().maxConcurrentRuns(3).build().effectiveConcurrentRuns())
                .isEqualTo(3);
        assertThatThrownBy(
                        () -> RecognizerConfig.builder().maxConcurrentRuns(-1).build())
                .hasMessageContaining("maxConcurrentRuns");
    }

    @Test
    void memoryArenaIsOnByDefaultAsInOnnxRuntime() {
        assertThat(RecognizerConfig.defaults().memoryArena()).isTrue();
        assertThat(RecognizerConfig.defaults().memoryPattern()).isFalse();
    }

    @Test
    void toBuilderKeepsEverySetting() throws Exception {
        RecognizerConfig config = RecognizerConfig.builder()
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
                .device(Device.parse("cuda:1"))
                .nestedSpans(true)
                .multiLabelSpans(true)
                .build();
        assertThat(config).isNotEqualTo(RecognizerConfig.defaults());
        assertThat(config.toBuilder().build()).isEqualTo(config);
        for (java.lang.reflect.RecordComponent component : RecognizerConfig.class.getRecordComponents()) {
            assertThat(component.getAccessor().invoke(config))
                    .as(component.getName() + " differs from its default, so that dropping it would show")
                    .isNotEqualTo(component.getAccessor().invoke(RecognizerConfig.defaults()));
        }
    }
}
