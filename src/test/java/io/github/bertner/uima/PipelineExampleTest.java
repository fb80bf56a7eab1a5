package io.github.bertner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReaderDescription;
import static org.apache.uima.fit.factory.ExternalResourceFactory.createResourceDescription;
import static org.apache.uima.fit.factory.TypeSystemDescriptionFactory.createTypeSystemDescription;
import static org.apache.uima.fit.pipeline.SimplePipeline.runPipeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.DocSnippets;
import io.github.bertner.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.uima.resource.ExternalResourceDescription;
import org.dkpro.core.io.text.TextReader;
import org.dkpro.core.io.xmi.XmiWriter;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uimaFIT pipeline of docs/uima.md, as written there, on a folder of two Danish texts. */
@Tag("framework")
class PipelineExampleTest {
    @TempDir
    Path folder;

    @Test
    void theDocumentsShowThisPipeline() throws Exception {
        String snippet = DocSnippets.marked(DocSnippets.testSource("uima/PipelineExampleTest.java"), "docs/uima.md");
        assertThat(Files.readString(Path.of("docs", "uima.md"), StandardCharsets.UTF_8))
                .contains(snippet);
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
                .contains(snippet);
    }

    @Test
    void readerSegmenterEngineWriterWithASharedModelAndScores() throws Exception {
        Path input = Files.createDirectories(folder.resolve("input"));
        Files.writeString(input.resolve("a.txt"), "Jens Peter Hansen kommer fra Danmark.", StandardCharsets.UTF_8);
        Files.writeString(input.resolve("b.txt"), "Af Vibeke Scheibel", StandardCharsets.UTF_8);
        String modelDirectory = TestModels.MINI.toString();
        String inputFolder = input.toString();
        String outputFolder = folder.resolve("output").toString();
        int open = TaggerLoader.open();

        // --- as in docs/uima.md ---
        ExternalResourceDescription model = createResourceDescription(
                BertTaggerResource.class, BertTaggerResource.PARAM_MODEL_LOCATION, modelDirectory);
        runPipeline(
                createReaderDescription(
                        TextReader.class,
                        TextReader.PARAM_SOURCE_LOCATION,
                        inputFolder,
                        TextReader.PARAM_PATTERNS,
                        "*.txt",
                        TextReader.PARAM_LANGUAGE,
                        "da"),
                createEngineDescription(BreakIteratorSegmenter.class),
                createEngineDescription(
                        BertNamedEntityRecognizer.class,
                        createTypeSystemDescription("io.github.bertner.uima.NamedEntityScore"),
                        BertNamedEntityRecognizer.KEY_TAGGER,
                        model,
                        BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION,
                        "classpath:io/github/bertner/uima/dane-ner.map",
                        BertNamedEntityRecognizer.PARAM_SCORE_FEATURE,
                        "score"),
                createEngineDescription(XmiWriter.class, XmiWriter.PARAM_TARGET_LOCATION, outputFolder));
        // ---

        assertThat(TaggerLoader.open())
                .as("runPipeline destroys its resource manager, closing the model")
                .isEqualTo(open);
        String a = Files.readString(Path.of(outputFolder, "a.txt.xmi"), StandardCharsets.UTF_8);
        assertThat(a)
                .containsPattern("<type\\d*:Person [^>]*begin=\"0\" end=\"17\"")
                .containsPattern("<type\\d*:Location [^>]*begin=\"29\" end=\"36\"");
        assertThat(a).containsPattern("score=\"0\\.9\\d*\"").contains("value=\"PER\"");
    }
}
