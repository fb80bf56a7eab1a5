package io.github.bertner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The code that a document shows, kept in a test source between a {@code // --- as in DOC ---} line and
 * the next {@code // ---} line, so that the document shows code that compiles and runs.
 */
public final class DocSnippets {
    private DocSnippets() {}

    /**
     * The marked part of a test source, without the markers and without the indentation of its first line.
     *
     * @param source the test source file
     * @param document the document named in the start marker, for example {@code docs/uima.md}
     * @return the snippet, one line per line, ending with a line break
     */
    public static String marked(Path source, String document) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        String start = "// --- as in " + document + " ---";
        int from = -1;
        for (int i = 0; i < lines.size() && from < 0; i++) {
            from = lines.get(i).trim().equals(start) ? i + 1 : -1;
        }
        if (from < 0) {
            throw new AssertionError(source + " has no line " + start);
        }
        int indent = lines.get(from).length() - lines.get(from).stripLeading().length();
        List<String> snippet = new ArrayList<>();
        for (int i = from; !lines.get(i).trim().equals("// ---"); i++) {
            String line = lines.get(i);
            snippet.add(line.length() >= indent ? line.substring(indent) : line.strip());
        }
        return String.join("\n", snippet) + "\n";
    }

    /** A Java source file of this project's tests, by package-relative path. */
    public static Path testSource(String relative) {
        return Path.of("src", "test", "java", "io", "github", "bertner").resolve(relative);
    }
}
