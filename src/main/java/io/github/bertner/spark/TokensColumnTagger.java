package io.github.bertner.spark;

import io.github.bertner.Tagger;
import io.github.bertner.TokenSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * Host-token mode: an {@code array<string>} column. A null array has no entities; a null token counts
 * as an empty token (tagged {@code O}), so the indices of the tokens after it stay the same.
 */
final class TokensColumnTagger implements ColumnTagger {
    private static final long serialVersionUID = 1L;

    @Override
    public Row[][] tag(Supplier<Tagger> tagger, List<Row> rows, int column) {
        Row[][] entities = new Row[rows.size()][];
        Arrays.fill(entities, NONE);
        List<String[]> sentences = new ArrayList<>(rows.size());
        List<Integer> positions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isNullAt(column)) {
                sentences.add(tokens(rows.get(i).getList(column)));
                positions.add(i);
            }
        }
        if (!sentences.isEmpty()) {
            List<List<TokenSpan>> found = tagger.get().tagTokens(sentences);
            for (int k = 0; k < found.size(); k++) {
                String[] tokens = sentences.get(k);
                entities[positions.get(k)] = found.get(k).stream().map(span -> EntitySchema.row(span, tokens)).toArray(Row[]::new);
            }
        }
        return entities;
    }

    private static String[] tokens(List<String> column) {
        String[] tokens = new String[column.size()];
        for (int i = 0; i < tokens.length; i++) {
            String token = column.get(i);
            tokens[i] = token == null ? "" : token;
        }
        return tokens;
    }
}
