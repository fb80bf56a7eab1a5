package io.github.bertner.zeroshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GLiNER's decoding: the spans whose probability (the sigmoid of the logit, in float32) is above their type's
 * threshold and whose end lies inside the text are candidates; sorted by probability, highest first (ties in the
 * order start, width, type), they are taken greedily, each unless it clashes with one taken before. Flat decoding
 * lets no two entities overlap; nested decoding lets one lie inside another but not cross it; either way the same
 * span gets a second type only with multi-label decoding. The result is in order of start.
 */
final class SpanDecoder {
    /**
     * A scored span over words.
     *
     * @param start its first word
     * @param end its last word (inclusive, as in GLiNER)
     * @param type the index of its type among the call's types
     * @param score its probability
     */
    record Candidate(int start, int end, int type, float score) {}

    private final boolean nested;
    private final boolean multiLabel;

    SpanDecoder(boolean nested, boolean multiLabel) {
        this.nested = nested;
        this.multiLabel = multiLabel;
    }

    /**
     * Adds the candidates of one run: logits {@code [word][width][type]} over {@code words} words, the run's types
     * being {@code types[0 …]} of the call.
     */
    static void addCandidates(
            float[] logits, int words, int maxWidth, int[] types, float[] thresholds, List<Candidate> into) {
        int count = types.length;
        for (int start = 0; start < words; start++) {
            for (int width = 0; width < maxWidth && start + width < words; width++) {
                int offset = (start * maxWidth + width) * count;
                for (int t = 0; t < count; t++) {
                    float score = sigmoid(logits[offset + t]);
                    if (score > thresholds[types[t]]) {
                        into.add(new Candidate(start, start + width, types[t], score));
                    }
                }
            }
        }
    }

    /** The logistic function in float32, as torch computes it for float32 logits. */
    static float sigmoid(float logit) {
        return (float) (1.0 / (1.0 + Math.exp(-logit)));
    }

    /** GLiNER's greedy choice among candidates, in order of start. */
    List<Candidate> choose(List<Candidate> candidates) {
        List<Candidate> byScore = new ArrayList<>(candidates);
        byScore.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate candidate : byScore) {
            if (chosen.stream().noneMatch(taken -> clash(candidate, taken))) {
                chosen.add(candidate);
            }
        }
        chosen.sort(Comparator.comparingInt(Candidate::start));
        return chosen;
    }

    /** Whether two spans cannot both be entities. */
    boolean clash(Candidate a, Candidate b) {
        if (a.start() == b.start() && a.end() == b.end()) {
            return !multiLabel;
        }
        boolean apart = a.start() > b.end() || b.start() > a.end();
        if (apart) {
            return false;
        }
        boolean inside =
                (a.start() <= b.start() && a.end() >= b.end()) || (b.start() <= a.start() && b.end() >= a.end());
        return !nested || !inside;
    }
}
