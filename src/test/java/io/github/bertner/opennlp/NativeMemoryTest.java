package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bertner.ProbeJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10,000 calls to {@code find} must not grow native memory. The calls run in a separate JVM with a fixed,
 * pre-touched heap and only the C1 compiler ({@link NativeMemoryProbe}), so its resident set size (Linux
 * {@code /proc}) moves only with memory outside the heap that the calls allocate: ONNX Runtime tensors and
 * results, tokenizer encodings. (The C2 compiler's own one-time growth of several MiB would hide a small
 * leak.) A second run that leaks on purpose shows that the measurement sees a leak of that size.
 */
@Tag("slow")
class NativeMemoryTest {
    private static final int WARM_UP = 1_000;
    private static final int EVERY = 2_000;
    /** About 400 bytes per call over 10,000 calls; a leaked set of input and output tensors is larger. */
    private static final long BOUND_KIB = 4 * 1024;

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read the resident set size");
    }

    @Test
    void tenThousandCallsDoNotGrowNativeMemory() throws Exception {
        List<Long> rss = run(10_000, 0);

        assertThat(rss).hasSize(6);
        assertThat(rss.get(rss.size() - 1) - rss.get(0))
                .as("KiB over 10,000 calls: %s", rss)
                .isLessThan(BOUND_KIB);
    }

    @Test
    void theMeasurementSeesALeakOfTwoKibPerCall() throws Exception {
        List<Long> rss = run(6_000, 2048);

        assertThat(rss.get(rss.size() - 1) - rss.get(0))
                .as("KiB over 6,000 calls: %s", rss)
                .isGreaterThan(BOUND_KIB);
    }

    private static List<Long> run(int calls, int leakBytes) throws IOException, InterruptedException {
        List<String> lines = ProbeJvm.run(
                NativeMemoryProbe.class,
                List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                3,
                String.valueOf(WARM_UP),
                String.valueOf(calls),
                String.valueOf(EVERY),
                String.valueOf(leakBytes));
        return lines.stream()
                .filter(line -> line.startsWith("calls "))
                .map(line -> Long.parseLong(
                        line.substring(line.indexOf("rssKiB ") + 7).trim()))
                .toList();
    }
}
