package io.github.bertner.spark;

import static io.github.bertner.TestModels.DANE_TEST;
import static io.github.bertner.TestModels.PARITY;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The repository's test model and DaNE test data, for the Spark tests. */
public final class SparkTestData {

    private SparkTestData() {}

    /** The 565 raw DaNE test sentences. */
    public static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        new ObjectMapper().readTree(PARITY.toFile()).get("texts").forEach(t -> texts.add(t.asText()));
        return texts;
    }

    /** The DaNE test sentences as tokens. */
    public static List<String[]> sentences() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(DANE_TEST, StandardCharsets.UTF_8)) {
            List<String[]> sentences = new ArrayList<>();
            for (ConllSentence sentence : ConllReader.readAll(reader::readLine)) {
                sentences.add(sentence.tokens());
            }
            return sentences;
        }
    }
}
