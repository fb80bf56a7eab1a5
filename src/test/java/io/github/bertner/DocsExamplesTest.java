package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.spark.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of README.md and docs/*.md is a whole program, compiled as it is written there (imports and
 * all) against this project's class path, and run: what a program prints is what the document shows after it,
 * and what it writes is checked.
 */
@Tag("framework")
class DocsExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("^public class (\\w+)", Pattern.MULTILINE);
    private static final String DANE_TEXT = "Jens Peter Hansen kommer fra Danmark.";

    @TempDir
    static Path temp;

    /** The compiled classes of each document, by the document's path. */
    private static final Map<Path, Path> COMPILED = new HashMap<>();

    @BeforeAll
    static void compileEveryDocument() throws IOException {
        for (Path document : documents()) {
            COMPILED.put(document, compile(document));
        }
    }

    @Test
    void everyDocumentWithJavaHasWholePrograms() throws IOException {
        assertThat(COMPILED.keySet())
                .contains(
                        Path.of("README.md"),
                        Path.of("docs", "opennlp.md"),
                        Path.of("docs", "uima.md"),
                        Path.of("docs", "spark.md"),
                        Path.of("docs", "serve.md"));
        for (Path document : COMPILED.keySet()) {
            for (String block : javaBlocks(document)) {
                assertThat(CLASS_NAME.matcher(block).find())
                        .as("a Java block of " + document + " declares a public class")
                        .isTrue();
            }
        }
    }

    @Test
    void theTaggerExamplePrintsWhatTheReadmeShows() throws Exception {
        String printed = run(Path.of("README.md"), "TagText", ModelLocation.DEMO);
        assertThat(printed).contains("PER 0-12 Chili Jensen", "LOC tokens 4-5");
        assertThat(read(Path.of("README.md"))).contains("```\n" + printed + "```");
    }

    @Test
    void theEmbeddedServerAnswersWhatTheServeDocumentShows() throws Exception {
        String printed = run(Path.of("docs", "serve.md"), "ServeDemo");
        assertThat(printed).isEqualTo("status 200\nPER 0-17 Jens Peter Hansen\nLOC 29-36 Danmark\n");
        assertThat(read(Path.of("docs", "serve.md"))).contains("```\n" + printed + "```");
    }

    @Test
    void findNamesPrintsWhatTheOpenNlpDocumentAndTheReadmeShow() throws Exception {
        for (Path document : List.of(Path.of("docs", "opennlp.md"), Path.of("README.md"))) {
            String printed = run(document, "FindNames");
            assertThat(printed).isEqualTo("PER [0, 20) Paul Berg Steffensen 1.000\nLOC [25, 32) Aalborg 1.000\n");
            assertThat(read(Path.of("docs", "opennlp.md"))).contains("```\n" + printed + "```");
        }
    }

    @Test
    void trainNamesPrintsTheTypesTheDocumentShows() throws Exception {
        String printed = run(
                Path.of("docs", "opennlp.md"),
                "TrainNames",
                "testdata/training/dane-train-80.conll",
                "testdata/architectures/bert",
                temp.resolve("trained-finder").toString());
        assertThat(printed).isEqualTo("trained [PER, LOC, ORG, MISC]\n");
        assertThat(read(Path.of("docs", "opennlp.md"))).contains("```\n" + printed + "```");
    }

    @Test
    void evaluateNamesPrintsTheScoresTheDocumentShows() throws Exception {
        String printed = run(Path.of("docs", "opennlp.md"), "EvaluateNames", TestModels.DANE_TEST.toString());
        assertThat(printed).isEqualTo("precision 0.411, recall 0.375, F1 0.392\n");
        assertThat(read(Path.of("docs", "opennlp.md"))).contains("```\n" + printed + "```");
    }

    @Test
    void theReadmesRoundTripTrainsFromConllFilesAndTagsWithTheTrainedModel() throws Exception {
        Path training = Files.createDirectories(temp.resolve("conll-training"));
        Files.copy(Path.of("testdata/training/dane-train-80.conll"), training.resolve("train.conll"));
        Path trained = temp.resolve("round-trip-model");
        String printed = run(
                Path.of("README.md"),
                "TrainAndTag",
                training.toString(),
                "testdata/architectures/bert",
                trained.toString());
        assertThat(trained.resolve("model.safetensors")).isRegularFile();
        assertThat(printed.lines()).allMatch(line -> line.matches("(PER|LOC|ORG|MISC) .+"));
    }

    @Test
    void thePipelineWritesXmiWhoseEntitiesAndScoresReadScoresPrints() throws Exception {
        for (Path document : List.of(Path.of("docs", "uima.md"), Path.of("README.md"))) {
            Path input = Files.createDirectories(temp.resolve(document.getFileName() + "-input"));
            Files.writeString(input.resolve("a.txt"), DANE_TEXT, StandardCharsets.UTF_8);
            Files.writeString(input.resolve("b.txt"), "Af Vibeke Scheibel", StandardCharsets.UTF_8);
            Path output = temp.resolve(document.getFileName() + "-output");
            run(document, "TagFolder", input.toString(), output.toString());
            assertThat(output.resolve("a.txt.xmi")).isRegularFile();
            assertThat(output.resolve("b.txt.xmi")).isRegularFile();
            String scores = run(Path.of("docs", "uima.md"), "ReadScores", output.toString());
            assertThat(scores.lines())
                    .anyMatch(line -> line.matches("a\\.txt\\.xmi Person Jens Peter Hansen [01]\\.\\d{3}"))
                    .anyMatch(line -> line.matches("a\\.txt\\.xmi Location Danmark [01]\\.\\d{3}"))
                    .anyMatch(line -> line.startsWith("b.txt.xmi Person Vibeke Scheibel "));
        }
    }

    @Test
    void theDescriptorsLoadFromTheJarWithAnotherModelSet() throws Exception {
        String printed = run(
                Path.of("docs", "uima.md"),
                "LoadDescriptors",
                TestModels.MINI.toAbsolutePath().toString());
        assertThat(printed).isEqualTo("Person Jens Peter Hansen\nLocation Danmark\n");
    }

    @Test
    void theCpeRunsFromAnyWorkingDirectoryOnInputThere() throws Exception {
        Path work = Files.createDirectories(temp.resolve("cpe-work"));
        Path input = Files.createDirectories(work.resolve("input"));
        Files.writeString(input.resolve("a.txt"), DANE_TEXT, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        COMPILED.get(Path.of("docs", "uima.md"))
                                + java.io.File.pathSeparator
                                + System.getProperty("java.class.path"),
                        "RunCpe")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("log.txt").toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(work.resolve("log.txt")))
                .isZero();
        String xmi = Files.readString(work.resolve("output").resolve("a.txt.xmi"), StandardCharsets.UTF_8);
        assertThat(xmi)
                .containsPattern(":Person xmi:id=\"\\d+\" sofa=\"\\d+\" begin=\"0\" end=\"17\" value=\"PER\" score=\"")
                .containsPattern(":Location xmi:id=\"\\d+\" sofa=\"\\d+\" begin=\"29\" end=\"36\" value=\"LOC\"");
    }

    @Test
    void theSparkProgramShowsTheEntities() throws Exception {
        LocalSpark.session();
        Path input = Files.writeString(
                temp.resolve("documents.jsonl"),
                "{\"id\": 1, \"text\": \"Chili Jensen bor i København.\"}\n{\"id\": 2, \"text\": \"Ingen navne her.\"}\n");
        String printed = run(
                Path.of("docs", "spark.md"),
                "TagWithSpark",
                input.toString(),
                TestModels.MINI.toAbsolutePath().toString());
        assertThat(printed)
                .contains("|1  |PER  |0    |12 |Chili Jensen|", "|1  |LOC  |19   |28 |København   |")
                .doesNotContain("|2  |");
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        List<Path> withJava = new ArrayList<>();
        for (Path document : documents) {
            if (!javaBlocks(document).isEmpty()) {
                withJava.add(document);
            }
        }
        return withJava;
    }

    private static List<String> javaBlocks(Path document) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(read(document));
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    /** Writes each block of a document as NAME.java, as it is, and compiles them; fails on any error. */
    private static Path compile(Path document) throws IOException {
        Path sources = Files.createDirectories(temp.resolve(document.toString().replace('/', '-') + "-src"));
        Path classes = Files.createDirectories(temp.resolve(document.toString().replace('/', '-') + "-classes"));
        List<Path> files = new ArrayList<>();
        for (String block : javaBlocks(document)) {
            Matcher name = CLASS_NAME.matcher(block);
            if (name.find()) {
                files.add(Files.writeString(sources.resolve(name.group(1) + ".java"), block, StandardCharsets.UTF_8));
            }
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager manager =
                compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(
                            null,
                            manager,
                            diagnostics,
                            List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()),
                            null,
                            manager.getJavaFileObjectsFromPaths(files))
                    .call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> document + " " + d.getSource().getName() + ":" + d.getLineNumber() + ": "
                            + d.getMessage(null))
                    .toList();
            assertThat(errors).as("compiling the Java blocks of " + document).isEmpty();
            assertThat(compiled).isTrue();
        }
        return classes;
    }

    /** Runs a document's program in this JVM and returns what it printed. */
    private static String run(Path document, String program, String... args) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {COMPILED.get(document).toUri().toURL()}, DocsExamplesTest.class.getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass(program).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static String read(Path document) throws IOException {
        return Files.readString(document, StandardCharsets.UTF_8);
    }
}
