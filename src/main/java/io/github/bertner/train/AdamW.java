package io.github.bertner.train;

import io.github.bertner.convert.Parameter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * torch's {@code AdamW} as transformers' Trainer sets it up, with gradient clipping before each step: the global
 * L2 norm of all gradients, each scaled by {@code min(1, maxNorm / (norm + 1e-6))}; then per weight, decoupled weight
 * decay {@code p -= lr·wd·p}, the moments {@code m = β1·m + (1-β1)·g} (as torch's {@code lerp}) and
 * {@code v = β2·v + (1-β2)·g²}, and {@code p -= (lr / (1-β1ᵗ)) · m / (√v / √(1-β2ᵗ) + eps)}. Float32 throughout, as
 * torch computes it; the bias corrections in double, as torch's Python computes them. Weights are updated in parallel,
 * in chunks.
 */
final class AdamW {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    /** Values per chunk: four arrays of them fit a core's L2 cache. */
    private static final int CHUNK = 1 << 14;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final FloatBuffer[] weights;
    private final FloatBuffer[] gradients;
    private final boolean[] decays;
    private final double[] rateScales;
    private final FloatBuffer[] firstMoments;
    private final FloatBuffer[] secondMoments;
    private final double weightDecay;
    private final double maxGradNorm;
    private final List<Chunk> chunks;
    private long steps;

    /**
     * @param weights the weights, updated in place
     * @param gradients their gradients, read scaled by the clipping factor
     * @param decays which weights weight decay applies to
     * @param rateScales each weight's learning rate as a multiple of the step's (1 for Trainer's one rate)
     * @param weightDecay the decay rate
     * @param maxGradNorm the global gradient norm to clip to (0: no clipping)
     */
    AdamW(
            FloatBuffer[] weights,
            FloatBuffer[] gradients,
            boolean[] decays,
            double[] rateScales,
            double weightDecay,
            double maxGradNorm) {
        this.weights = weights;
        this.gradients = gradients;
        this.decays = decays;
        this.rateScales = rateScales;
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
        this.chunks = chunks(weights);
        this.firstMoments = new FloatBuffer[weights.length];
        this.secondMoments = new FloatBuffer[weights.length];
        for (int i = 0; i < weights.length; i++) {
            firstMoments[i] = Parameter.directBuffer(weights[i].capacity());
            secondMoments[i] = Parameter.directBuffer(weights[i].capacity());
        }
    }

    /** The steps taken. */
    long steps() {
        return steps;
    }

    /** The first moments of weight {@code i}, for saving and restoring. */
    FloatBuffer firstMoment(int i) {
        return firstMoments[i];
    }

    /** The second moments of weight {@code i}, for saving and restoring. */
    FloatBuffer secondMoment(int i) {
        return secondMoments[i];
    }

    /** Continues from a saved state: the moments are set through {@link #firstMoment} and {@link #secondMoment}. */
    void restoreSteps(long taken) {
        this.steps = taken;
    }

    /**
     * Clips the gradients and takes one step.
     *
     * @param learningRate the step's rate
     * @param norm the global gradient norm before clipping ({@link #gradientNorm()})
     */
    void step(double learningRate, double norm) {
        float clip = maxGradNorm > 0 ? (float) Math.min(1.0, maxGradNorm / (norm + 1e-6)) : 1f;
        steps++;
        double bias1 = 1 - Math.pow(BETA1, steps);
        double bias2 = 1 - Math.pow(BETA2, steps);
        float bias2Root = (float) Math.sqrt(bias2);
        chunks.parallelStream().forEach(chunk -> {
            double rate = learningRate * rateScales[chunk.weight()];
            float decay = decays[chunk.weight()] ? (float) (1 - rate * weightDecay) : 1f;
            update(chunk, clip, decay, (float) (rate / bias1), bias2Root);
        });
    }

    /** The global L2 norm of all gradients, summed in double. */
    double gradientNorm() {
        double sum = chunks.parallelStream()
                .mapToDouble(chunk -> {
                    float[] g = SCRATCH.get().gradient;
                    gradients[chunk.weight()].get(chunk.from(), g, 0, chunk.length());
                    return sumOfSquares(g, chunk.length());
                })
                .sum();
        return Math.sqrt(sum);
    }

    /** The sum of squares, in double. */
    private static double sumOfSquares(float[] values, int length) {
        double squares = 0;
        for (int j = 0; j < length; j++) {
            squares += (double) values[j] * values[j];
        }
        return squares;
    }

    /**
     * Clips the gradient (as torch scales it in place) and updates one chunk of a weight. The chunk is copied into
     * arrays, where the loop runs in vector instructions, and back.
     */
    private void update(Chunk chunk, float clip, float decay, float stepSize, float bias2Root) {
        Scratch scratch = SCRATCH.get();
        float[] p = scratch.weight;
        float[] g = scratch.gradient;
        float[] m = scratch.first;
        float[] v = scratch.second;
        int i = chunk.weight();
        int from = chunk.from();
        int n = chunk.length();
        weights[i].get(from, p, 0, n);
        gradients[i].get(from, g, 0, n);
        firstMoments[i].get(from, m, 0, n);
        secondMoments[i].get(from, v, 0, n);
        float oneMinusBeta1 = (float) (1 - BETA1);
        float beta2 = (float) BETA2;
        float oneMinusBeta2 = (float) (1 - BETA2);
        float epsilon = (float) EPSILON;
        for (int j = 0; j < n; j++) {
            float gradient = g[j] * clip;
            float first = m[j] + oneMinusBeta1 * (gradient - m[j]);
            float second = v[j] * beta2 + oneMinusBeta2 * gradient * gradient;
            m[j] = first;
            v[j] = second;
            p[j] = p[j] * decay - stepSize * (first / ((float) Math.sqrt(second) / bias2Root + epsilon));
        }
        weights[i].put(from, p, 0, n);
        firstMoments[i].put(from, m, 0, n);
        secondMoments[i].put(from, v, 0, n);
    }

    /** A slice of one weight, the unit of parallel work. */
    private record Chunk(int weight, int from, int length) {}

    /** Each thread's arrays for a chunk. */
    private static final class Scratch {
        final float[] weight = new float[CHUNK];
        final float[] gradient = new float[CHUNK];
        final float[] first = new float[CHUNK];
        final float[] second = new float[CHUNK];
    }

    private static List<Chunk> chunks(FloatBuffer[] weights) {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            for (int from = 0; from < weights[i].capacity(); from += CHUNK) {
                chunks.add(new Chunk(i, from, Math.min(CHUNK, weights[i].capacity() - from)));
            }
        }
        return chunks;
    }
}
