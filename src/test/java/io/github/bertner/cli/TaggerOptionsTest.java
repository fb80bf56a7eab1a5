package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.TaggerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@Tag("unit")
class TaggerOptionsTest {

    private static TaggerConfig parse(String... args) {
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
        TaggerConfig config = parse("--threads", "1", "--concurrent-runs", "3", "--batch-size", "8");
        assertThat(config.intraOpThreads()).isEqualTo(1);
        assertThat(config.maxConcurrentRuns()).isEqualTo(3);
        assertThat(config.batchSize()).isEqualTo(8);
    }
}
