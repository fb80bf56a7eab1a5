package io.github.bertner.tagger;

import io.github.bertner.tokenizer.Subwords;
import java.util.Arrays;
import java.util.List;

/** One input on its way through the tagger: its subwords, its windows and, once run, their logits. */
final class Document {
    private final Subwords subwords;
    private final List<Window> windows;
    private float[][] logits;

    Document(Subwords subwords, List<Window> windows) {
        this.subwords = subwords;
        this.windows = windows;
    }

    Subwords subwords() {
        return subwords;
    }

    List<Window> windows() {
        return windows;
    }

    /** Stores each window's logits, as {@link OnnxClassifier#run(List)} returns them. */
    void setLogits(float[][] windowLogits) {
        this.logits = windowLogits;
    }

    /** Probabilities from window {@code w} alone: readable for the window's subwords only. */
    ProbabilityRows probabilities(int w, int prefixLength, int labelCount) {
        int[] windowOf = new int[subwords.size()];
        int[] positionOf = new int[subwords.size()];
        Arrays.fill(windowOf, -1);
        Window window = windows.get(w);
        for (int i = window.start(); i < window.end(); i++) {
            windowOf[i] = w;
            positionOf[i] = prefixLength + i - window.start();
        }
        return new ProbabilityRows(logits, windowOf, positionOf, labelCount);
    }

    /** Probabilities of every subword from the window in which it lies farthest from an edge. */
    ProbabilityRows centeredProbabilities(int prefixLength, int labelCount) {
        int[] windowOf = new int[subwords.size()];
        int[] positionOf = new int[subwords.size()];
        int w = 0;
        for (int i = 0; i < windowOf.length; i++) {
            while (w + 1 < windows.size()
                    && windows.get(w + 1).start() <= i
                    && windows.get(w + 1).distanceFromEdge(i) > windows.get(w).distanceFromEdge(i)) {
                w++;
            }
            windowOf[i] = w;
            positionOf[i] = prefixLength + i - windows.get(w).start();
        }
        return new ProbabilityRows(logits, windowOf, positionOf, labelCount);
    }
}
