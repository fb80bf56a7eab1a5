package io.github.bertner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.tokenize.Tokenizer;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import opennlp.tools.tokenize.WhitespaceTokenizer;

/** The OpenNLP tokenizer named on the command line: {@code simple}, {@code whitespace} or a model file. */
final class TokenizerChoice {
    private TokenizerChoice() {}

    static Tokenizer load(String name) throws IOException {
        switch (name) {
            case "simple":
                return SimpleTokenizer.INSTANCE;
            case "whitespace":
                return WhitespaceTokenizer.INSTANCE;
            default:
                Path file = Path.of(name);
                if (!Files.isRegularFile(file)) {
                    throw new NoSuchFileException(
                            name, null, "--tokenizer must be simple, whitespace or an OpenNLP tokenizer model file");
                }
                try {
                    return new TokenizerME(new TokenizerModel(file));
                } catch (IOException | RuntimeException e) {
                    throw new IOException(name + ": not an OpenNLP tokenizer model: " + e.getMessage(), e);
                }
        }
    }
}
