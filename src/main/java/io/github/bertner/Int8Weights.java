package io.github.bertner;

import java.util.Optional;

/**
 * The integer matrix products of an ONNX graph ({@code MatMulInteger}, {@code DynamicQuantizeMatMul},
 * {@code MatMulIntegerToFloat}, {@code QLinearMatMul}) by constant weights, and how many of those weights can
 * saturate the 16-bit pair sums of ONNX Runtime's u8×s8 kernels on x86 processors without VNNI (see
 * {@code bert-ner info}): int8 weights with two neighbouring rows {@code 2j, 2j+1} of one column of the same sign
 * and {@code |w1 + w2| > 128}, so that {@code 255·|w1 + w2| > 32767}.
 *
 * @param products integer products by a constant weight; 0 for a float model
 * @param saturating those whose weights can saturate
 * @param example the name of one weight that can saturate, if any
 */
public record Int8Weights(int products, int saturating, Optional<String> example) {
    /** A graph without integer products. */
    public static final Int8Weights NONE = new Int8Weights(0, 0, Optional.empty());

    /**
     * Whether any weight can saturate.
     *
     * @return true if {@link #saturating} is positive
     */
    public boolean canSaturate() {
        return saturating > 0;
    }
}
