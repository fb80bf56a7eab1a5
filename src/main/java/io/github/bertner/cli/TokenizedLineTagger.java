package io.github.bertner.cli;

import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.opennlp.BertNameFinder;
import io.github.bertner.opennlp.CharacterSpans;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.tokenize.Tokenizer;
import opennlp.tools.util.Span;

/**
 * Tags lines through an OpenNLP tokenizer and {@link BertNameFinder} (host-token mode), mapping the
 * names' token spans back to character offsets of each line.
 */
final class TokenizedLineTagger implements LineTagger {
    private final Tokenizer tokenizer;
    private final BertNameFinder finder;

    TokenizedLineTagger(Tokenizer tokenizer, Recognizer recognizer, EntityTypes types) {
        this.tokenizer = tokenizer;
        this.finder = BertNameFinder.sharing(recognizer, types);
    }

    @Override
    public List<List<Entity>> tag(List<String> lines) {
        List<Span[]> positions = new ArrayList<>(lines.size());
        List<String[]> tokens = new ArrayList<>(lines.size());
        for (String line : lines) {
            Span[] linePositions = tokenizer.tokenizePos(line);
            positions.add(linePositions);
            tokens.add(Span.spansToStrings(linePositions, line));
        }
        List<Span[]> names = finder.findAll(tokens);
        List<List<Entity>> entities = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            entities.add(entities(
                    lines.get(i), names.get(i), CharacterSpans.fromTokenSpans(names.get(i), positions.get(i))));
        }
        return entities;
    }

    private static List<Entity> entities(String line, Span[] names, Span[] characters) {
        List<Entity> entities = new ArrayList<>(names.length);
        for (int k = 0; k < names.length; k++) {
            int start = characters[k].getStart();
            int end = characters[k].getEnd();
            entities.add(new Entity(names[k].getType(), start, end, names[k].getProb(), line.substring(start, end)));
        }
        return entities;
    }
}
