package io.github.bertner.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a command's input: a file, or standard input; strict UTF-8 (malformed bytes are an error). */
final class TextInput {
    private TextInput() {}

    static BufferedReader open(Path file) throws IOException {
        InputStream in;
        if (file == null || file.toString().equals("-")) {
            in = System.in;
        } else {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such input file");
            }
            in = Files.newInputStream(file);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    static String name(Path file) {
        return file == null || file.toString().equals("-") ? "standard input" : file.toString();
    }
}
