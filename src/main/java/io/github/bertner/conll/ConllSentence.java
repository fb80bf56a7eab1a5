package io.github.bertner.conll;

import java.util.List;

/**
 * One sentence of a CoNLL-style file: its lines as read, split into columns by tabs where a line has a
 * tab and by runs of whitespace otherwise (so both the tab-separated DaNE files and the space-separated
 * CoNLL-2003 files read alike). The token is the first column, the label the last.
 *
 * @param lines the sentence's lines, without line terminators
 * @param firstLine the 1-based line number of the first line in its file
 * @param startsDocument whether a {@code -DOCSTART-} line came before it
 */
public record ConllSentence(List<String> lines, int firstLine, boolean startsDocument) {

    /** Copies the lines. */
    public ConllSentence {
        lines = List.copyOf(lines);
    }

    /**
     * The columns of a line: split at tabs if it has one, else at runs of whitespace; surrounding
     * whitespace is dropped.
     *
     * @param line a line of a CoNLL-style file
     * @return its columns; none for a blank line
     */
    public static String[] columns(String line) {
        if (line.isBlank()) {
            return new String[0];
        }
        return line.indexOf('\t') >= 0 ? line.strip().split("\t") : line.strip().split("\\s+");
    }

    /**
     * The tokens: the first column of each line.
     *
     * @return one token per line
     */
    public String[] tokens() {
        String[] tokens = new String[lines.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = columns(lines.get(i))[0];
        }
        return tokens;
    }

    /**
     * The last column of each line (the gold label in evaluation data).
     *
     * @return one value per line
     * @throws IllegalArgumentException naming the line that has a single column
     */
    public String[] lastColumn() {
        String[] values = new String[lines.size()];
        for (int i = 0; i < values.length; i++) {
            String[] columns = columns(lines.get(i));
            if (columns.length < 2) {
                throw new IllegalArgumentException(
                        "line " + (firstLine + i) + " has no label column (expected a token, "
                                + "further columns and the label, separated by tabs or spaces): " + lines.get(i));
            }
            values[i] = columns[columns.length - 1].trim();
        }
        return values;
    }
}
