package io.github.bertner.spark;

import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Host-token mode: an {@code array<string>} column. A null array has no entities; a null token counts
 * as an empty token (tagged {@code O}), so the indices of the tokens after it stay the same.
 */
final class TokensColumnTagger extends ColumnTagger<String[]> {
    private static final long serialVersionUID = 1L;

    TokensColumnTagger(EntityTypes types) {
        super(types);
    }

    @Override
    String[] read(Row row, int column) {
        return tokens(row.getList(column));
    }

    @Override
    List<Row[]> tagAll(Recognizer tagger, List<String[]> sentences) {
        List<List<TokenSpan>> found = tagger.tagTokens(sentences, types);
        List<Row[]> entities = new ArrayList<>(found.size());
        for (int k = 0; k < found.size(); k++) {
            String[] tokens = sentences.get(k);
            entities.add(found.get(k).stream()
                    .map(span -> EntitySchema.row(span, tokens))
                    .toArray(Row[]::new));
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
