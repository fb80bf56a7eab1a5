package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EntityTypesTest {

    @Test
    void toStringShowsEveryThresholdAndTheDecoding() {
        assertThat(EntityTypes.model()).hasToString("the model's types");
        assertThat(EntityTypes.model().withThreshold(0.7)).hasToString("the model's types, threshold 0.7");
        assertThat(EntityTypes.of("person", "city").withThreshold(0.4).withThreshold("city", 0.25))
                .hasToString("types [person, city], threshold 0.4, city 0.25");
        assertThat(EntityTypes.parse("person=0.6").withSpanDecoding(new SpanDecoding(true, true)))
                .hasToString("types [person], person 0.6, nested, multi-label");
        assertThat(EntityTypes.of("person").withSpanDecoding(SpanDecoding.FLAT)).hasToString("types [person], flat");
    }

    @Test
    void aCallsSpanDecodingIsKeptThroughThresholdsAndCountsInEquality() {
        SpanDecoding nested = new SpanDecoding(true, false);
        EntityTypes types = EntityTypes.of("person").withSpanDecoding(nested).withThreshold(0.3);
        assertThat(types.spanDecoding()).contains(nested);
        assertThat(EntityTypes.of("person").spanDecoding()).isEmpty();
        assertThat(types).isNotEqualTo(EntityTypes.of("person").withThreshold(0.3));
        assertThat(types).isEqualTo(EntityTypes.of("person").withThreshold(0.3).withSpanDecoding(nested));
        assertThatThrownBy(() -> EntityTypes.of("person").withSpanDecoding(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spanDecoding");
    }

    @Test
    void aBackslashKeepsACommaOrAnEqualsSignInAName() {
        EntityTypes types = EntityTypes.parse("Smith\\, Jones=0.3,a\\=b,back\\\\slash");
        assertThat(types.names()).containsExactly("Smith, Jones", "a=b", "back\\slash");
        assertThat(types.threshold("Smith, Jones", 0.5)).isEqualTo(0.3);
        assertThat(types.threshold("a=b", 0.5)).isEqualTo(0.5);
    }

    @Test
    void aTypeGivenTwiceWithDifferentThresholdsIsRefused() {
        assertThatThrownBy(() -> EntityTypes.parse("person=0.1,person=0.9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("person is given twice, with the thresholds 0.1 and 0.9");
        assertThat(EntityTypes.parse("person=0.4,person=0.4,city").names()).containsExactly("person", "city");
        assertThat(EntityTypes.parse("person,person=0.4").threshold("person", 0.5))
                .isEqualTo(0.4);
    }
}
