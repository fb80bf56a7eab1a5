package io.github.bertner.train;

import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the CoNLL files of the training tests. */
final class TrainingData {
    static final Path DIRECTORY = Path.of("testdata/training");
    static final Path TRAIN = DIRECTORY.resolve("dane-train-80.conll");

    private TrainingData() {}

    static List<LabeledSentence> read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            List<ConllSentence> sentences = ConllReader.readAll(() -> {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return sentences.stream()
                    .map(sentence -> new LabeledSentence(
                            sentence.tokens(), sentence.lastColumn(), file.toString(), sentence.firstLine()))
                    .toList();
        }
    }
}
