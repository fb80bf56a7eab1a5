package io.github.bertner.tagger;

/**
 * Softmax over one subword's logits, in float32 exactly as the Hugging Face pipeline computes it with numpy
 * ({@code exp(x - max) / sum}), and the label choices made from probability vectors. Each {@code exp} is numpy's
 * vectorized float32 exponential (a Cody-Waite reduction and a rational polynomial, not the correctly rounded
 * value), and the sum follows numpy's pairwise summation (eight interleaved accumulators from eight values on), so
 * that two confident subwords score the same float when they do in Python and ties break the same way.
 */
final class Probabilities {
    private static final float EXP_OVERFLOW = 88.72283935546875f;
    private static final float EXP_UNDERFLOW = -103.97208404541015625f;
    private static final float LOG2_E = Float.intBitsToFloat(0x3FB8AA3B);
    private static final float LN2_HIGH = -6.93145752e-1f;
    private static final float LN2_LOW = -1.42860677e-6f;
    private static final float ROUNDING = 0x1.8p23f;
    private static final float[] NUMERATOR = {
        9.999999999980870924916e-01f,
        7.257664613233124478488e-01f,
        2.473615434895520810817e-01f,
        5.114512081637298353406e-02f,
        6.757896990527504603057e-03f,
        5.082762527590693718096e-04f
    };
    private static final float[] DENOMINATOR = {1.0f, -2.742335390411667452936e-01f, 2.159509375685829852307e-02f};
    private static final int PAIRWISE_LANES = 8;
    private static final int PAIRWISE_BLOCK = 128;

    private Probabilities() {}

    /**
     * Max-shifted softmax in float32. NaN logits count as minus infinity; a row with no finite logit becomes
     * uniform.
     */
    static float[] softmax(float[] logits, int offset, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            float x = logits[offset + i];
            if (!Float.isNaN(x) && x > max) {
                max = x;
            }
        }
        if (max == Float.NEGATIVE_INFINITY || max == Float.POSITIVE_INFINITY) {
            return fallback(logits, offset, length, max);
        }
        float[] p = new float[length];
        for (int i = 0; i < length; i++) {
            float x = logits[offset + i];
            p[i] = Float.isNaN(x) ? 0f : exp(x - max);
        }
        float sum = sum(p);
        for (int i = 0; i < length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** numpy's float32 {@code exp} (its AVX2 and AVX-512 kernels, bit for bit for results above 2^-126). */
    static float exp(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (x >= EXP_OVERFLOW) {
            return Float.POSITIVE_INFINITY;
        }
        if (x <= EXP_UNDERFLOW) {
            return 0f;
        }
        float quadrant = x * LOG2_E;
        quadrant = (quadrant + ROUNDING) - ROUNDING;
        float reduced = Math.fma(quadrant, LN2_LOW, Math.fma(quadrant, LN2_HIGH, x));
        float numerator = NUMERATOR[5];
        for (int k = 4; k >= 0; k--) {
            numerator = Math.fma(numerator, reduced, NUMERATOR[k]);
        }
        float denominator = Math.fma(Math.fma(DENOMINATOR[2], reduced, DENOMINATOR[1]), reduced, DENOMINATOR[0]);
        return Math.scalb(numerator / denominator, (int) quadrant);
    }

    /** numpy's float32 pairwise sum of a contiguous row. */
    static float sum(float[] values) {
        return sum(values, 0, values.length);
    }

    private static float sum(float[] values, int from, int n) {
        if (n < PAIRWISE_LANES) {
            float sum = 0f;
            for (int i = from; i < from + n; i++) {
                sum += values[i];
            }
            return sum;
        }
        if (n > PAIRWISE_BLOCK) {
            int half = n / 2;
            half -= half % PAIRWISE_LANES;
            return sum(values, from, half) + sum(values, from + half, n - half);
        }
        float[] lanes = new float[PAIRWISE_LANES];
        System.arraycopy(values, from, lanes, 0, PAIRWISE_LANES);
        int i = PAIRWISE_LANES;
        for (; i < n - n % PAIRWISE_LANES; i += PAIRWISE_LANES) {
            for (int lane = 0; lane < PAIRWISE_LANES; lane++) {
                lanes[lane] += values[from + i + lane];
            }
        }
        float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        for (; i < n; i++) {
            sum += values[from + i];
        }
        return sum;
    }

    private static float[] fallback(float[] logits, int offset, int length, float max) {
        float[] p = new float[length];
        int hits = 0;
        for (int i = 0; i < length; i++) {
            boolean hit = max == Float.NEGATIVE_INFINITY || logits[offset + i] == Float.POSITIVE_INFINITY;
            p[i] = hit ? 1 : 0;
            hits += hit ? 1 : 0;
        }
        for (int i = 0; i < length; i++) {
            p[i] /= hits;
        }
        return p;
    }

    /** Index of the largest value, the first one on ties. */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
