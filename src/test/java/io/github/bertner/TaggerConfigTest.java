package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void toBuilderKeepsEverySetting() throws Exception {
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
                .device(Device.parse("cuda:1"))
                .nestedSpans(true)
                .multiLabelSpans(true)
                .build();
        assertThat(config).isNotEqualTo(TaggerConfig.defaults());
        assertThat(config.toBuilder().build()).isEqualTo(config);
        for (java.lang.reflect.RecordComponent component : TaggerConfig.class.getRecordComponents()) {
            assertThat(component.getAccessor().invoke(config))
                    .as(component.getName() + " differs from its default, so that dropping it would show")
                    .isNotEqualTo(component.getAccessor().invoke(TaggerConfig.defaults()));
        }
    }
}
