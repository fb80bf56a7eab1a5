package io.github.bertner.opennlp;

// docs/opennlp.md shows this file from the next line on; OpenNlpDocsTest keeps the two the same.
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.util.Span;

public class FindNames {

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args.length > 0 ? args[0] : "testdata/danish-ner-mini");
        for (String line : findNames(model, "Paul Berg Steffensen fra Aalborg er Ridder af Dannebrog.")) {
            System.out.println(line);
        }
    }

    /** One line per name: type, [start, end) in characters of the text, the name, its probability. */
    public static List<String> findNames(Path model, String text) throws IOException {
        Span[] positions = SimpleTokenizer.INSTANCE.tokenizePos(text); // character spans of the tokens
        String[] tokens = Span.spansToStrings(positions, text);
        List<String> lines = new ArrayList<>();
        try (BertNameFinder finder = BertNameFinder.load(model)) { // loads the model once
            Span[] names = finder.find(tokens); // token indices, end exclusive
            String[] strings = Span.spansToStrings(names, tokens); // the names' tokens
            Span[] characters = CharacterSpans.fromTokenSpans(names, positions); // character offsets in text
            for (int i = 0; i < names.length; i++) {
                lines.add(String.format(
                        Locale.ROOT,
                        "%s [%d, %d) %s %.3f",
                        names[i].getType(),
                        characters[i].getStart(),
                        characters[i].getEnd(),
                        strings[i],
                        names[i].getProb()));
            }
        }
        return lines;
    }
}
