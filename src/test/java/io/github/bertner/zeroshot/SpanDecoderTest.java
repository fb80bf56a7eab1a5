package io.github.bertner.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The threshold boundary of span candidates: GLiNER keeps a span whose probability is above it, not at it. */
@Tag("unit")
class SpanDecoderTest {

    /** One word, one width, one type: the span (0, 0) with the given logit. */
    private static List<SpanDecoder.Candidate> candidates(float logit, float threshold) {
        List<SpanDecoder.Candidate> found = new ArrayList<>();
        SpanDecoder.addCandidates(new float[] {logit}, 1, 1, new int[] {0}, new float[] {threshold}, found);
        return found;
    }

    @Test
    void aScoreEqualToTheThresholdIsNotKept() {
        assertThat(SpanDecoder.sigmoid(0f)).isEqualTo(0.5f);
        assertThat(candidates(0f, 0.5f)).isEmpty();
    }

    @Test
    void aScoreJustAboveTheThresholdIsKept() {
        float logit = Math.nextUp(0f);
        while (SpanDecoder.sigmoid(logit) == 0.5f) {
            logit *= 2;
        }
        assertThat(candidates(logit, 0.5f))
                .singleElement()
                .satisfies(span -> assertThat(span.score()).isGreaterThan(0.5f));
    }

    @Test
    void aScoreJustBelowTheThresholdIsNotKept() {
        float logit = -Math.nextUp(0f);
        while (SpanDecoder.sigmoid(logit) == 0.5f) {
            logit *= 2;
        }
        assertThat(candidates(logit, 0.5f)).isEmpty();
    }

    @Test
    void thresholdsAreThoseOfEachType() {
        List<SpanDecoder.Candidate> found = new ArrayList<>();
        float[] logits = {1f, 1f};
        float score = SpanDecoder.sigmoid(1f);
        SpanDecoder.addCandidates(logits, 1, 1, new int[] {0, 1}, new float[] {score, Math.nextDown(score)}, found);
        assertThat(found)
                .singleElement()
                .satisfies(span -> assertThat(span.type()).isEqualTo(1));
    }
}
