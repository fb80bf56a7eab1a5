package io.github.bertner.tokenizer;

import io.github.bertner.ModelLoadException;
import io.github.bertner.model.JsonFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the line-per-entry tokenizer files ({@code vocab.txt}, {@code merges.txt}). Every line, the last one
 * included, ends with a newline, as transformers and the tokenizers library write them: a file that ends in the
 * middle of a line is taken for a truncated one and refused, since what is left would still parse.
 */
final class LineFiles {
    private LineFiles() {}

    /**
     * The lines of a UTF-8 file, without their line ends ({@code \n}, {@code \r\n} or {@code \r}, as Python's
     * universal newlines read them).
     *
     * @throws ModelLoadException naming the file if it is not UTF-8 or its last line has no newline
     */
    static List<String> read(Path file) throws ModelLoadException {
        String text = JsonFiles.readText(file);
        if (!text.isEmpty() && !text.endsWith("\n") && !text.endsWith("\r")) {
            throw new ModelLoadException(
                    file,
                    "ends in the middle of a line, as a truncated download does (a complete " + file.getFileName()
                            + " ends with a newline)");
        }
        return text.lines().toList();
    }
}
