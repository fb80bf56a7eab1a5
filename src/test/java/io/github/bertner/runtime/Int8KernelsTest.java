package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which x86 processors add u8×s8 products in 16-bit pairs, from their {@code /proc/cpuinfo} flags. */
@Tag("unit")
class Int8KernelsTest {
    @Test
    void avx2AndAvx512WithoutVnniSaturate() {
        assertThat(Int8Kernels.ofX86Flags(Set.of("sse4_1", "avx2", "fma")).pairsSaturate())
                .hasValue(true);
        assertThat(Int8Kernels.ofX86Flags(Set.of("avx2", "avx512f", "avx512bw")).pairsSaturate())
                .hasValue(true);
    }

    @Test
    void vnniAndAmxProcessorsAddIn32Bits() {
        for (String flag : new String[] {"avx512_vnni", "avx_vnni", "amx_int8"}) {
            Int8Kernels kernels = Int8Kernels.ofX86Flags(Set.of("avx2", "avx512bw", flag));
            assertThat(kernels.pairsSaturate()).as(flag).hasValue(false);
            assertThat(kernels.description()).contains(flag);
        }
    }

    @Test
    void anUnknownProcessorMaySaturate() {
        Int8Kernels unknown = new Int8Kernels(java.util.Optional.empty(), "riscv64 (int8 features unknown)");
        assertThat(unknown.mayPairsSaturate()).isTrue();
    }
}
