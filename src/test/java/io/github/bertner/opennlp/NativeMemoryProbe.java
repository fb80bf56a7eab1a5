package io.github.bertner.opennlp;

import io.github.bertner.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link NativeMemoryTest} in a JVM of its own whose heap is fixed and touched at start, so that
 * the resident set grows only with memory outside the heap. Calls {@code find} over DaNE sentences and
 * writes the resident set size in KiB, one line per checkpoint, to standard output (the channel back to
 * the test).
 *
 * <p>Arguments: warm-up calls, measured calls, calls per checkpoint, and bytes to leak per call on purpose
 * (0, or more to show that the measurement sees a leak).
 */
public final class NativeMemoryProbe {
    private NativeMemoryProbe() {}

    public static void main(String[] args) throws Exception {
        int warmUp = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        int leakBytes = Integer.parseInt(args[3]);
        List<String[]> sentences = OpenNlpTestData.daneTestSentences().stream()
                .filter(s -> s.length <= 12)
                .limit(20)
                .toList();
        List<ByteBuffer> leaked = new ArrayList<>();
        try (BertNameFinder finder = BertNameFinder.load(TestModels.MINI)) {
            for (int i = 0; i < warmUp; i++) {
                finder.find(sentences.get(i % sentences.size()));
            }
            report(0);
            for (int i = 1; i <= calls; i++) {
                finder.find(sentences.get(i % sentences.size()));
                if (leakBytes > 0) {
                    leaked.add(ByteBuffer.allocateDirect(leakBytes));
                }
                if (i % every == 0) {
                    report(i);
                }
            }
        }
    }

    private static void report(int calls) throws IOException {
        System.out.println("calls " + calls + " rssKiB " + residentKiB());
    }

    static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
