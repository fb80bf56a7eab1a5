package io.github.bertner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** transformers' linear schedule with warm-up, computed by hand. */
@Tag("unit")
class LearningRateScheduleTest {
    @Test
    void warmsUpFromZeroThenDecaysToZero() {
        LearningRateSchedule schedule = LearningRateSchedule.withWarmupRatio(1e-3, 0.1, 30);
        assertEquals(3, schedule.warmup(), "ceil(30 * 0.1)");
        assertEquals(0, schedule.at(0), 0, "the first step's rate is 0");
        assertEquals(1e-3 / 3, schedule.at(1), 1e-18);
        assertEquals(1e-3, schedule.at(3), 1e-18);
        assertEquals(1e-3 * 26 / 27, schedule.at(4), 1e-18);
        assertEquals(1e-3 / 27, schedule.at(29), 1e-18);
    }

    @Test
    void withoutWarmUpTheFirstStepHasTheFullRate() {
        LearningRateSchedule schedule = LearningRateSchedule.withWarmupRatio(5e-5, 0, 10);
        assertEquals(5e-5, schedule.at(0), 0);
        assertEquals(5e-6, schedule.at(9), 1e-18);
    }
}
