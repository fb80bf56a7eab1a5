package io.github.bertner.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * torch's {@code AdamW} as transformers' Trainer sets it up, with gradient clipping before each step: the global
 * L2 norm of all gradients, each scaled by {@code min(1, maxNorm / (norm + 1e-6))}; then per weight, decoupled weight
 * decay {@code p -= lr·wd·p}, the moments {@code m = β1·m + (1-β1)·g} (as torch's {@code lerp}) and
 * {@code v = β2·v + (1-β2)·g²}, and {@code p -= (lr / (1-β1ᵗ)) · m / (√v / √(1-β2ᵗ) + eps)}. Float32 throughout, as
 * torch computes it; the bias corrections in double, as torch's Python computes them. Weights are updated in parallel.
 */
final class AdamW {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final FloatBuffer[] weights;
    private final FloatBuffer[] gradients;
    private final boolean[] decays;
    private final FloatBuffer[] firstMoments;
    private final FloatBuffer[] secondMoments;
    private final double weightDecay;
    private final double maxGradNorm;
    private long steps;

    /**
     * @param weights the weights, updated in place
     * @param gradients their gradients, read scaled by the clipping factor
     * @param decays which weights weight decay applies to
     * @param weightDecay the decay rate
     * @param maxGradNorm the global gradient norm to clip to (0: no clipping)
     */
    AdamW(FloatBuffer[] weights, FloatBuffer[] gradients, boolean[] decays, double weightDecay, double maxGradNorm) {
        this.weights = weights;
        this.gradients = gradients;
        this.decays = decays;
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
        this.firstMoments = new FloatBuffer[weights.length];
        this.secondMoments = new FloatBuffer[weights.length];
        for (int i = 0; i < weights.length; i++) {
            firstMoments[i] = zeros(weights[i].capacity());
            secondMoments[i] = zeros(weights[i].capacity());
        }
    }

    /** Moments live outside the heap, as the weights do, so that the heap stays small whatever the model. */
    private static FloatBuffer zeros(int size) {
        return ByteBuffer.allocateDirect(4 * size)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
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
        float stepSize = (float) (learningRate / bias1);
        float bias2Root = (float) Math.sqrt(bias2);
        float decay = (float) (1 - learningRate * weightDecay);
        IntStream.range(0, weights.length)
                .parallel()
                .forEach(i -> update(i, clip, decays[i] ? decay : 1f, stepSize, bias2Root));
    }

    /** The global L2 norm of all gradients, summed in double. */
    double gradientNorm() {
        double sum = IntStream.range(0, gradients.length)
                .parallel()
                .mapToDouble(i -> {
                    double squares = 0;
                    FloatBuffer g = gradients[i];
                    for (int j = 0, n = g.capacity(); j < n; j++) {
                        float value = g.get(j);
                        squares += (double) value * value;
                    }
                    return squares;
                })
                .sum();
        return Math.sqrt(sum);
    }

    /** Clips the gradient (as torch scales it in place) and updates one weight. */
    private void update(int i, float clip, float decay, float stepSize, float bias2Root) {
        FloatBuffer p = weights[i];
        FloatBuffer g = gradients[i];
        FloatBuffer m = firstMoments[i];
        FloatBuffer v = secondMoments[i];
        float oneMinusBeta1 = (float) (1 - BETA1);
        float beta2 = (float) BETA2;
        float oneMinusBeta2 = (float) (1 - BETA2);
        float epsilon = (float) EPSILON;
        for (int j = 0, n = m.capacity(); j < n; j++) {
            float gradient = g.get(j) * clip;
            float weight = p.get(j) * decay;
            float previous = m.get(j);
            float first = previous + oneMinusBeta1 * (gradient - previous);
            float second = v.get(j) * beta2 + oneMinusBeta2 * gradient * gradient;
            m.put(j, first);
            v.put(j, second);
            p.put(j, weight - stepSize * (first / ((float) Math.sqrt(second) / bias2Root + epsilon)));
        }
    }
}
