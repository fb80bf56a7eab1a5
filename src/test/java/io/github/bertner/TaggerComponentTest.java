package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.tagger.Tagger;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The tagger on the small real model in testdata/. */
@Tag("framework")
class TaggerComponentTest {
    private static Tagger tagger;
    private static List<String[]> sentences;

    @BeforeAll
    static void load() throws Exception {
        tagger = TestModels.mini(Aggregation.FIRST);
        sentences = DaneTestData.sentences();
    }

    @AfterAll
    static void close() {
        tagger.close();
    }

    @Test
    void offsetsAreUtf16IndicesAfterSupplementaryCharacters() {
        String text = "😀😀 Chili Jensen bor i København.";
        List<Entity> entities = tagger.tag(text);
        assertThat(entities).extracting(Entity::text).contains("København");
        for (Entity e : entities) {
            assertThat(e.start() == 0 || text.charAt(e.start() - 1) == ' ')
                    .as(e + " starts at a word of the text (code point offsets would land two units early)")
                    .isTrue();
            assertThat(e.end() == text.length() || !Character.isLetter(text.charAt(e.end())))
                    .as(e + " ends at the end of a word")
                    .isTrue();
        }
        Entity copenhagen = entities.stream()
                .filter(e -> e.text().equals("København"))
                .findFirst()
                .orElseThrow();
        assertThat(copenhagen.start()).isEqualTo(text.indexOf("København"));
        assertThat(copenhagen.label()).isEqualTo("LOC");
    }

    @Test
    void everySubwordSpanCoversTheCharactersOfItsToken() {
        String text = "😀 Chili\tJensen bor i\u00A0København, ejer af Novo Nordisk A/S 𝔘𝔫𝔦 cafe\u0301 "
                + "x".repeat(150) + " og Århus.";
        try (SubwordEncoder encoder = encoder()) {
            Subwords subwords = encoder.encode(text);
            for (int i = 0; i < subwords.size(); i++) {
                String token = subwords.tokens()[i];
                if (token.equals("[UNK]")) {
                    continue;
                }
                String covered =
                        text.substring(subwords.starts()[i], subwords.ends()[i]).toLowerCase(java.util.Locale.ROOT);
                assertThat(covered).as("subword %d %s", i, token).isEqualTo(token.replaceFirst("^##", ""));
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheBatchSize() throws Exception {
        List<String> texts = new ArrayList<>();
        sentences.forEach(s -> texts.add(String.join(" ", s)));
        List<List<Entity>> reference = tagger.tag(texts);
        List<List<TokenSpan>> referenceSpans = tagger.tagTokens(sentences);
        for (int batchSize : new int[] {1, 7, 128}) {
            try (Tagger other = TestModels.tagger(
                    TestModels.MINI,
                    RecognizerConfig.builder().batchSize(batchSize).build())) {
                assertSameEntities(other.tag(texts), reference);
                assertSameSpans(other.tagTokens(sentences), referenceSpans);
            }
        }
    }

    @Test
    void sixteenThreadsGetWhatOneThreadGets() throws Exception {
        List<List<TokenSpan>> reference = tagger.tagTokens(sentences);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<List<TokenSpan>>>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int offset = t * 31;
                results.add(pool.submit(() -> {
                    List<List<TokenSpan>> spans = new ArrayList<>();
                    for (int i = 0; i < sentences.size(); i += 8) {
                        int from = (i + offset) % sentences.size();
                        spans.add(tagger.tagTokens(sentences.get(from)));
                        spans.add(List.of(new TokenSpan(from, from, "index", 0)));
                    }
                    return spans;
                }));
            }
            for (Future<List<List<TokenSpan>>> result : results) {
                List<List<TokenSpan>> spans = result.get();
                for (int k = 0; k < spans.size(); k += 2) {
                    int index = spans.get(k + 1).get(0).start();
                    assertSameSpans(List.of(spans.get(k)), List.of(reference.get(index)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTwentyThousandWordDocumentIsLabelledThroughout() {
        List<String> words = new ArrayList<>();
        for (int i = 0; words.size() < 20_000; i++) {
            words.addAll(List.of(sentences.get(i % sentences.size())));
        }
        String[] document = words.subList(0, 20_000).toArray(String[]::new);
        TokenLabels labels = tagger.labelTokens(List.<String[]>of(document)).get(0);
        assertThat(labels.labels()).hasSize(20_000).doesNotContainNull();
        List<TokenSpan> spans = tagger.tagTokens(document);
        assertThat(spans).anyMatch(s -> s.start() > 19_000);
        assertThat(spans.size()).isGreaterThan(500);

        String text = String.join(" ", document);
        List<Entity> entities = tagger.tag(text);
        assertThat(entities).anyMatch(e -> e.start() > text.length() * 95 / 100);
        assertThat(entities.size()).isGreaterThan(500);
    }

    @Test
    void aLongSentenceInHostModeAgreesWithShortSentencesAwayFromWindowEdges() {
        // The same sentences tagged one by one and as one long document: labels agree on nearly every token.
        List<String> words = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<TokenLabels> single = tagger.labelTokens(sentences.subList(0, 150));
        for (int i = 0; i < 150; i++) {
            words.addAll(List.of(sentences.get(i)));
            expected.addAll(single.get(i).labels());
        }
        List<String> joined = tagger.labelTokens(List.<String[]>of(words.toArray(String[]::new)))
                .get(0)
                .labels();
        int same = 0;
        for (int i = 0; i < expected.size(); i++) {
            same += expected.get(i).equals(joined.get(i)) ? 1 : 0;
        }
        assertThat((double) same / expected.size()).isGreaterThan(0.9);
    }

    @Test
    void theQuantizedModelAgreesOnAtLeast99PercentOfWords() throws Exception {
        List<TokenLabels> fp32 = tagger.labelTokens(sentences);
        List<TokenLabels> int8;
        try (Tagger quantized = TestModels.tagger(
                TestModels.MINI, RecognizerConfig.builder().quantized(true).build())) {
            assertThat(quantized.info().onnxModel().getFileName().toString()).isEqualTo("model_quantized.onnx");
            assertThat(quantized.info().int8Weights().products()).isGreaterThan(5);
            assertThat(quantized.info().int8Weights().canSaturate())
                    .as("the demo model's int8 weights can saturate on processors without VNNI")
                    .isFalse();
            int8 = quantized.labelTokens(sentences);
        }
        int words = 0;
        int same = 0;
        for (int s = 0; s < fp32.size(); s++) {
            for (int t = 0; t < fp32.get(s).labels().size(); t++) {
                words++;
                same += fp32.get(s).labels().get(t).equals(int8.get(s).labels().get(t)) ? 1 : 0;
            }
        }
        assertThat(words).isEqualTo(10_023);
        assertThat((double) same / words).isGreaterThanOrEqualTo(0.99);
    }

    static SubwordEncoder encoder() {
        try {
            return new SubwordEncoder(TokenizerDefinition.fromTokenizerJson(TestModels.MINI.resolve("tokenizer.json")));
        } catch (ModelLoadException e) {
            throw new AssertionError(e);
        }
    }

    static void assertSameEntities(List<List<Entity>> actual, List<List<Entity>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i))
                    .extracting(Entity::label, Entity::start, Entity::end)
                    .as("text %d", i)
                    .isEqualTo(expected.get(i).stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.label(), e.start(), e.end()))
                            .toList());
            for (int k = 0; k < expected.get(i).size(); k++) {
                assertThat(actual.get(i).get(k).score())
                        .isCloseTo(expected.get(i).get(k).score(), org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    static void assertSameSpans(List<List<TokenSpan>> actual, List<List<TokenSpan>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i))
                    .extracting(TokenSpan::label, TokenSpan::start, TokenSpan::end)
                    .as("sentence %d", i)
                    .isEqualTo(expected.get(i).stream()
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.label(), e.start(), e.end()))
                            .toList());
            for (int k = 0; k < expected.get(i).size(); k++) {
                assertThat(actual.get(i).get(k).score())
                        .isCloseTo(expected.get(i).get(k).score(), org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }
}
