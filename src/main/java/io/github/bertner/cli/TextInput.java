package io.github.bertner.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a command's input, a file or standard input, as strictly decoded UTF-8 lines. */
final class TextInput {
    private TextInput() {}

    static LineReader open(Path file) throws IOException {
        if (file == null || file.toString().equals("-")) {
            return new LineReader(
                    new FilterInputStream(System.in) {
                        @Override
                        public void close() {
                            // Standard input belongs to the process, not to this command.
                        }
                    },
                    "standard input");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory; give a file");
        }
        if (!Files.isRegularFile(file) && !Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such input file");
        }
        InputStream in = Files.newInputStream(file);
        return new LineReader(in, file.toString());
    }
}
