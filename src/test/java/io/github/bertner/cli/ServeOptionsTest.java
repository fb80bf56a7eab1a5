package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.serve.ServeSettings;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s options as they reach the server's settings, without starting it. */
@Tag("unit")
class ServeOptionsTest {

    private static ServeSettings parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void miscIsOthUnlessTheLabelMapSaysOtherwise() {
        assertThat(parse().labelMap()).isEqualTo(Map.of("MISC", "OTH"));
        assertThat(ServeSettings.defaults().labelMap()).isEqualTo(Map.of("MISC", "OTH"));
    }

    @Test
    void aGivenLabelMapReplacesTheDefault() {
        assertThat(parse("--label-map", "PER=PERSON").labelMap()).isEqualTo(Map.of("PER", "PERSON"));
        assertThat(parse("--label-map", "MISC=O").labelMap()).isEqualTo(Map.of("MISC", "O"));
    }
}
