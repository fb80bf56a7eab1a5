package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One finder, many threads at once: every thread gets what one thread gets. */
@Tag("slow")
class ThreadSafetyTest {
    private static final int THREADS = 16;
    private static final int SENTENCES = 120;

    @Test
    void sixteenThreadsGetTheSpansOfOneThread() throws Exception {
        List<String[]> sentences = OpenNlpTestData.daneTestSentences().subList(0, SENTENCES);
        try (BertNameFinder finder = BertNameFinder.load(TestModels.MINI)) {
            List<String> expected = describeAll(finder, sentences, 0);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t * 7;
                    results.add(pool.submit(() -> {
                        start.await();
                        return describeAll(finder, sentences, offset);
                    }));
                }
                for (Future<List<String>> result : results) {
                    assertThat(result.get(5, TimeUnit.MINUTES)).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(expected).as("the sentences have entities to compare").anyMatch(s -> s.contains("PER"));
        }
    }

    /** Each thread walks the sentences from its own starting point, so different sentences run together. */
    private static List<String> describeAll(BertNameFinder finder, List<String[]> sentences, int offset) {
        String[] described = new String[sentences.size()];
        for (int k = 0; k < sentences.size(); k++) {
            int i = (k + offset) % sentences.size();
            described[i] = describe(finder.find(sentences.get(i)));
        }
        return List.of(described);
    }

    private static String describe(Span[] spans) {
        StringBuilder out = new StringBuilder();
        for (Span span : spans) {
            out.append(span).append(String.format(" %.6f; ", span.getProb()));
        }
        return out.toString();
    }
}
