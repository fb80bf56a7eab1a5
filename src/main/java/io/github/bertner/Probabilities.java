package io.github.bertner;

/** Softmax over one subword's logits and the label choices made from probability vectors. */
final class Probabilities {
    private Probabilities() {}

    /**
     * Max-shifted softmax in double precision. NaN logits count as minus infinity; a row with no
     * finite logit becomes uniform.
     */
    static double[] softmax(float[] logits, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            float x = logits[offset + i];
            if (!Float.isNaN(x) && x > max) {
                max = x;
            }
        }
        double[] p = new double[length];
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return fallback(logits, offset, length, max);
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            float x = logits[offset + i];
            p[i] = Float.isNaN(x) ? 0 : Math.exp(x - max);
            sum += p[i];
        }
        for (int i = 0; i < length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double[] fallback(float[] logits, int offset, int length, double max) {
        double[] p = new double[length];
        int hits = 0;
        for (int i = 0; i < length; i++) {
            boolean hit = max == Double.NEGATIVE_INFINITY || logits[offset + i] == Float.POSITIVE_INFINITY;
            p[i] = hit ? 1 : 0;
            hits += hit ? 1 : 0;
        }
        for (int i = 0; i < length; i++) {
            p[i] /= hits;
        }
        return p;
    }

    /** Index of the largest value, the first one on ties. */
    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
