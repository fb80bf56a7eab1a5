package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tokenizers built in Java from the original files of every family (WordPiece vocab.txt, XLM-RoBERTa and
 * CamemBERT sentencepiece.bpe.model, DeBERTa-v2 spm.model, RoBERTa vocab.json + merges.txt) against what
 * transformers 5.18 builds from the same files: the same tokenizer.json, and the same ids and offsets on every text
 * of the battery (DaNE sentences, NFKC-sensitive characters, NFD accents, emoji, NBSP, tabs, repeated spaces,
 * characters the vocabularies lack).
 */
@Tag("parity")
class TokenizerFamiliesTest {
    @TempDir
    Path temp;

    /** Each tokenizer with original files: its directory and the tokenizer.json transformers built from them. */
    static Stream<String> builtTokenizers() {
        return Stream.concat(
                ArchitectureFixtures.WITH_ORIGINAL_FILES.stream(), ArchitectureFixtures.tokenizerVariants().stream());
    }

    /** Every tokenizer, ModernBERT's (which ships only tokenizer.json) included. */
    static Stream<String> allTokenizers() {
        return Stream.concat(Stream.of("modernbert"), builtTokenizers());
    }

    @ParameterizedTest
    @MethodSource("builtTokenizers")
    void theBuiltTokenizerJsonIsTheOneTransformersBuilds(String name) throws IOException {
        TokenizerDefinition built = TokenizerDefinition.fromOriginalFiles(originalFiles(name));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(built.json()))
                .isEqualTo(json.readTree(transformersTokenizer(name).toFile()));
    }

    @ParameterizedTest
    @MethodSource("allTokenizers")
    void idsAndOffsetsEqualTransformersOnTheBattery(String name) throws IOException {
        Path directory =
                name.equals("modernbert") ? ArchitectureFixtures.ARCHITECTURES.resolve(name) : originalFiles(name);
        JsonNode expected = ArchitectureFixtures.encodings(name);
        List<String> battery = ArchitectureFixtures.battery();
        List<String> mismatches = new ArrayList<>();
        try (SubwordEncoder encoder = new SubwordEncoder(TokenizerDefinition.of(directory))) {
            for (int t = 0; t < battery.size(); t++) {
                String text = battery.get(t);
                Expected want = Expected.of(text, expected, t);
                Subwords got = encoder.encode(text);
                if (!Arrays.equals(want.ids, got.ids())
                        || !Arrays.equals(want.starts, got.starts())
                        || !Arrays.equals(want.ends, got.ends())
                        || !Arrays.equals(want.prefix, encoder.prefixIds())
                        || !Arrays.equals(want.suffix, encoder.suffixIds())) {
                    mismatches.add(t + " " + text + ": want " + Arrays.toString(want.ids) + " "
                            + Arrays.toString(want.starts) + " got " + Arrays.toString(got.ids()) + " "
                            + Arrays.toString(got.starts()));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** A directory with only the original tokenizer files (and config.json, whose model_type names the class). */
    private Path originalFiles(String name) throws IOException {
        Path variant = ArchitectureFixtures.TOKENIZERS.resolve(name);
        if (Files.isDirectory(variant)) {
            return variant;
        }
        Path directory = Files.createDirectories(temp.resolve(name));
        ArchitectureFixtures.copyAll(
                ArchitectureFixtures.ARCHITECTURES.resolve(name).resolve("original"), directory);
        ArchitectureFixtures.copy(ArchitectureFixtures.ARCHITECTURES.resolve(name), directory, "config.json");
        return directory;
    }

    private static Path transformersTokenizer(String name) {
        Path variant = ArchitectureFixtures.TOKENIZERS.resolve(name).resolve("transformers-tokenizer.json");
        return Files.isRegularFile(variant)
                ? variant
                : ArchitectureFixtures.ARCHITECTURES.resolve(name).resolve(TokenizerDefinition.TOKENIZER_JSON);
    }

    /** transformers' encoding of one text: the content sub-tokens (UTF-16 offsets), and the specials around them. */
    private record Expected(long[] ids, int[] starts, int[] ends, long[] prefix, long[] suffix) {
        static Expected of(String text, JsonNode encodings, int t) {
            JsonNode ids = encodings.get("ids").get(t);
            JsonNode offsets = encodings.get("offsets").get(t);
            JsonNode special = encodings.get("special").get(t);
            int first = 0;
            while (first < ids.size() && special.get(first).asInt() == 1) {
                first++;
            }
            int last = ids.size();
            while (last > first && special.get(last - 1).asInt() == 1) {
                last--;
            }
            int n = last - first;
            long[] content = new long[n];
            int[] starts = new int[n];
            int[] ends = new int[n];
            for (int i = 0; i < n; i++) {
                content[i] = ids.get(first + i).asLong();
                starts[i] =
                        text.offsetByCodePoints(0, offsets.get(first + i).get(0).asInt());
                ends[i] =
                        text.offsetByCodePoints(0, offsets.get(first + i).get(1).asInt());
            }
            return new Expected(content, starts, ends, longs(ids, 0, first), longs(ids, last, ids.size()));
        }

        private static long[] longs(JsonNode array, int from, int to) {
            long[] values = new long[to - from];
            for (int i = from; i < to; i++) {
                values[i - from] = array.get(i).asLong();
            }
            return values;
        }
    }
}
