package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.EntityTypes;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenDecoding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@Tag("unit")
class TaggerOptionsTest {

    private static RecognizerConfig parse(String... args) {
        ModelOptions options = new ModelOptions();
        new CommandLine(options).parseArgs(args);
        return options.config();
    }

    @Test
    void memoryArenaIsOnUnlessTurnedOff() {
        assertThat(parse().memoryArena()).isTrue();
        assertThat(parse("--no-memory-arena").memoryArena()).isFalse();
    }

    @Test
    void memoryPatternIsOffUnlessTurnedOn() {
        assertThat(parse().memoryPattern()).isFalse();
        assertThat(parse("--memory-pattern").memoryPattern()).isTrue();
    }

    @Test
    void threadsAndConcurrentRunsReachTheConfiguration() {
        RecognizerConfig config = parse("--threads", "1", "--concurrent-runs", "3", "--batch-size", "8");
        assertThat(config.intraOpThreads()).isEqualTo(1);
        assertThat(config.maxConcurrentRuns()).isEqualTo(3);
        assertThat(config.batchSize()).isEqualTo(8);
    }

    @Test
    void aValidStrideReachesTheConfiguration() {
        assertThat(parse().tokenDecoding().stride()).isEqualTo(TokenDecoding.DEFAULT_STRIDE);
        assertThat(parse("--stride", "64").tokenDecoding().stride()).isEqualTo(64);
        assertThat(parse("--stride", "0").tokenDecoding().stride()).isZero();
    }

    @Test
    void aValidThresholdReachesTheEntityTypes() {
        ModelOptions options = new ModelOptions();
        new CommandLine(options).parseArgs("--threshold", "0.7");
        EntityTypes types = options.types();
        assertThat(types.isModel()).isTrue();
        assertThat(types.threshold("PER", 0.5)).isEqualTo(0.7);

        ModelOptions named = new ModelOptions();
        new CommandLine(named).parseArgs("--labels", "person,city=0.25", "--threshold", "0.6");
        assertThat(named.types().names()).containsExactly("person", "city");
        assertThat(named.types().threshold("person", 0.5)).isEqualTo(0.6);
        assertThat(named.types().threshold("city", 0.5)).isEqualTo(0.25);
    }
}
