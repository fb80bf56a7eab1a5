package io.github.bertner;

import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The DaNE test sentences of testdata/, as token arrays. */
final class DaneTestData {
    private DaneTestData() {}

    static List<String[]> sentences() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(TestModels.DANE_TEST, StandardCharsets.UTF_8)) {
            List<String[]> sentences = new ArrayList<>();
            for (ConllSentence sentence : ConllReader.readAll(reader::readLine)) {
                sentences.add(sentence.tokens());
            }
            return sentences;
        }
    }
}
