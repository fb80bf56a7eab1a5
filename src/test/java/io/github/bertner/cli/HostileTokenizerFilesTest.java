package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.ArchitectureFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Original tokenizer files that are truncated, overwritten with random bytes or given a huge length prefix: the
 * command line exits with 1 and one line that names the file, in a small heap and within seconds, whichever file
 * it is (vocab.txt, sentencepiece.bpe.model of XLM-RoBERTa and CamemBERT, spm.model, vocab.json, merges.txt, and
 * the settings files beside them).
 */
@Tag("framework")
class HostileTokenizerFilesTest {
    @TempDir
    Path temp;

    /** How a file is spoiled. */
    enum Damage {
        TRUNCATED,
        TRUNCATED_AT_A_LINE_END,
        RANDOM_BYTES,
        HUGE_LENGTH_PREFIX;

        byte[] apply(byte[] original, String file) {
            return switch (this) {
                case TRUNCATED -> Arrays.copyOf(original, original.length / 2);
                case TRUNCATED_AT_A_LINE_END -> {
                    int end = original.length / 2;
                    while (end > 0 && original[end - 1] != '\n') {
                        end--;
                    }
                    yield Arrays.copyOf(original, end);
                }
                case RANDOM_BYTES -> {
                    byte[] noise = new byte[original.length];
                    new Random(original.length).nextBytes(noise);
                    yield noise;
                }
                case HUGE_LENGTH_PREFIX ->
                    concat(file.endsWith(".model") ? PROTOBUF_HUGE_FIELD : EIGHT_BYTE_LENGTH, original);
            };
        }
    }

    /** Field 1 (a piece), length-delimited, claiming 2^31 - 1 bytes. */
    private static final byte[] PROTOBUF_HUGE_FIELD = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    /** A little-endian length of 2^63 - 1, as a safetensors header starts. */
    private static final byte[] EIGHT_BYTE_LENGTH = {
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f
    };

    static Stream<Arguments> damagedFiles() {
        List<Arguments> cases = new ArrayList<>();
        String[][] files = {
            {"bert", "vocab.txt"},
            {"xlm-roberta", "sentencepiece.bpe.model"},
            {"camembert", "sentencepiece.bpe.model"},
            {"deberta-v2", "spm.model"},
            {"roberta", "vocab.json"},
            {"roberta", "merges.txt"},
            {"xlm-roberta", "tokenizer_config.json"},
            {"roberta", "special_tokens_map.json"}
        };
        for (String[] file : files) {
            for (Damage damage : Damage.values()) {
                cases.add(Arguments.of(file[0], file[1], damage));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("damagedFiles")
    void aDamagedTokenizerFileIsNamedInOneLine(String architecture, String file, Damage damage) throws IOException {
        Path model = damaged(architecture, file, damage);
        CliRun run = CliRun.withInput(
                "Chili Jensen bor i Aarhus.\n".getBytes(StandardCharsets.UTF_8), "tag", "--model", model.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().lines())
                .singleElement()
                .asString()
                .contains(model.resolve(file).toString());
    }

    @Test
    void aSmallHeapAndAFewSecondsSuffice() throws IOException, InterruptedException {
        for (Damage damage : Damage.values()) {
            Path model = damaged("xlm-roberta", "sentencepiece.bpe.model", damage);
            Path input = Files.writeString(temp.resolve("input.txt"), "Chili Jensen bor i Aarhus.\n");
            long started = System.nanoTime();
            CliProcess run =
                    CliProcess.run(List.of("-Xmx48m"), Map.of(), temp, input, "tag", "--model", model.toString());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err().strip().lines()).singleElement().asString().contains("sentencepiece.bpe.model");
            assertThat(seconds).as("seconds to fail").isLessThan(20);
        }
    }

    private Path damaged(String architecture, String file, Damage damage) throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(
                architecture, true, temp.resolve(architecture + "-" + file + "-" + damage));
        Path target = model.resolve(file);
        Files.write(target, damage.apply(Files.readAllBytes(target), file));
        return model;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
