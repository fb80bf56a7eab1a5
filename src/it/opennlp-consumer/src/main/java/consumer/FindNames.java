package consumer;

import io.github.bertner.opennlp.BertNameFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.util.Span;

/** Finds the names of one sentence with the demo model, with only bert-ner and opennlp-tools on the class path. */
public final class FindNames {
    public static void main(String[] args) throws Exception {
        for (String absent : new String[] {
            "org.apache.uima.cas.CAS", "org.apache.uima.fit.factory.JCasFactory", "picocli.CommandLine"
        }) {
            try {
                Class.forName(absent);
                throw new AssertionError(absent + " is on the class path of an OpenNLP-only user");
            } catch (ClassNotFoundException expected) {
                // what an OpenNLP user should see: no UIMA, no picocli
            }
        }
        List<String> found = new ArrayList<>();
        try (BertNameFinder finder = BertNameFinder.load(Path.of(args[0]))) {
            for (Span name : finder.find("Chili Jensen bor i København .".split(" "))) {
                found.add(name.getType() + "[" + name.getStart() + "," + name.getEnd() + ")");
            }
        }
        if (!found.equals(List.of("PER[0,2)", "LOC[4,5)"))) {
            throw new AssertionError("unexpected names: " + found);
        }
        System.out.println("OpenNLP consumer found " + found);
    }
}
