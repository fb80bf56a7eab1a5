package io.github.bertner;

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

    /**
     * Probabilities from window {@code w} alone: rows for the window's subwords (absolute indices),
     * null elsewhere.
     */
    double[][] probabilities(int w, int prefixLength, int labelCount) {
        double[][] rows = new double[subwords.size()][];
        Window window = windows.get(w);
        for (int i = window.start(); i < window.end(); i++) {
            rows[i] = row(w, i, prefixLength, labelCount);
        }
        return rows;
    }

    /** Probabilities of every subword from the window in which it lies farthest from an edge. */
    double[][] centeredProbabilities(int prefixLength, int labelCount) {
        double[][] rows = new double[subwords.size()][];
        int w = 0;
        for (int i = 0; i < rows.length; i++) {
            while (w + 1 < windows.size() && windows.get(w + 1).start() <= i
                    && windows.get(w + 1).distanceFromEdge(i) > windows.get(w).distanceFromEdge(i)) {
                w++;
            }
            rows[i] = row(w, i, prefixLength, labelCount);
        }
        return rows;
    }

    private double[] row(int w, int i, int prefixLength, int labelCount) {
        int position = prefixLength + i - windows.get(w).start();
        return Probabilities.softmax(logits[w], position * labelCount, labelCount);
    }
}
