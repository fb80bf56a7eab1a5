package io.github.bertner.conll;

import java.util.List;

/**
 * One sentence of a CoNLL-style file: its lines as read, and the token of each line (its first
 * tab-separated column).
 *
 * @param lines the sentence's lines, without line terminators
 * @param firstLine the 1-based line number of the first line in its file
 */
public record ConllSentence(List<String> lines, int firstLine) {

    /** Copies the lines. */
    public ConllSentence {
        lines = List.copyOf(lines);
    }

    /**
     * The tokens: the first tab-separated column of each line.
     *
     * @return one token per line
     */
    public String[] tokens() {
        String[] tokens = new String[lines.size()];
        for (int i = 0; i < tokens.length; i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            tokens[i] = tab < 0 ? line : line.substring(0, tab);
        }
        return tokens;
    }

    /**
     * The last tab-separated column of each line (the gold label in evaluation data).
     *
     * @return one value per line
     * @throws IllegalArgumentException naming the line that has a single column
     */
    public String[] lastColumn() {
        String[] values = new String[lines.size()];
        for (int i = 0; i < values.length; i++) {
            String line = lines.get(i);
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException("line " + (firstLine + i) + " has no label column (expected token<TAB>…<TAB>label): " + line);
            }
            values[i] = line.substring(tab + 1).trim();
        }
        return values;
    }
}
