package io.github.bertner.train;

/**
 * transformers' linear schedule with warm-up ({@code get_linear_schedule_with_warmup}): the step at index {@code s}
 * (from 0) uses {@code lr · s / warmup} during the warm-up, then {@code lr · (total − s) / (total − warmup)}.
 *
 * @param peak the rate at the end of the warm-up
 * @param warmup the warm-up steps
 * @param total all steps
 */
record LearningRateSchedule(double peak, long warmup, long total) {

    /** The schedule with {@code ceil(total · ratio)} warm-up steps, as Trainer reads a warm-up ratio. */
    static LearningRateSchedule withWarmupRatio(double peak, double ratio, long total) {
        return new LearningRateSchedule(peak, (long) Math.ceil(total * ratio), total);
    }

    /** The rate of the step at index {@code step}. */
    double at(long step) {
        if (step < warmup) {
            return peak * ((double) step / Math.max(1, warmup));
        }
        return peak * Math.max(0.0, (double) (total - step) / Math.max(1, total - warmup));
    }
}
