package io.github.bertner.conll;

/**
 * Entity-level counts of one type (or of all types together) and the scores made from them.
 *
 * @param gold entities in the gold data
 * @param predicted entities predicted
 * @param correct predicted entities whose span and type equal a gold entity's
 */
public record EntityCounts(int gold, int predicted, int correct) {

    /** @return correct / predicted, or 0 when nothing was predicted */
    public double precision() {
        return predicted == 0 ? 0 : (double) correct / predicted;
    }

    /** @return correct / gold, or 0 when there is no gold entity */
    public double recall() {
        return gold == 0 ? 0 : (double) correct / gold;
    }

    /** @return the harmonic mean of precision and recall, or 0 when both are 0 */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    EntityCounts plus(int goldAdded, int predictedAdded, int correctAdded) {
        return new EntityCounts(gold + goldAdded, predicted + predictedAdded, correct + correctAdded);
    }
}
