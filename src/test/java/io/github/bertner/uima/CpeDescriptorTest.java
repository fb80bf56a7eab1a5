package io.github.bertner.uima;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.TestModels;
import io.github.bertner.tagger.Tagger;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceManager;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.XMLInputSource;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPE descriptor, parsed from the jar's resources and run with plain UIMA over a folder of the 565 DaNE test
 * sentences (one text file each): two processing-unit threads, one model, XMI files whose entities are exactly
 * those the core tagger finds on the same tokens, typed by the DaNE mapping the descriptors name.
 */
@Tag("slow")
class CpeDescriptorTest {
    private static final String NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";

    @TempDir
    Path folder;

    @Test
    void tagsAFolderOfTextFilesOnTwoThreadsWithOneModel() throws Exception {
        List<String> texts = daneTexts();
        Path input = Files.createDirectories(folder.resolve("input"));
        for (int i = 0; i < texts.size(); i++) {
            Files.writeString(input.resolve(name(i) + ".txt"), texts.get(i), StandardCharsets.UTF_8);
        }
        Path output = folder.resolve("output");
        CpeDescription description = UIMAFramework.getXMLParser()
                .parseCpeDescription(new XMLInputSource(
                        getClass().getResource("/io/github/bertner/uima/" + DescriptorGenerator.CPE)));
        assertThat(description.getCpeCasProcessors().getConcurrentPUCount()).isEqualTo(DescriptorGenerator.CPE_THREADS);
        description
                .getAllCollectionCollectionReaders()[0]
                .getCollectionIterator()
                .getConfigurationParameterSettings()
                .setParameterValue("sourceLocation", input.toString());
        description
                .getCpeCasProcessors()
                .getCpeCasProcessor(1)
                .getConfigurationParameterSettings()
                .setParameterValue("targetLocation", output.toString());

        int loaded = TaggerLoader.loaded();
        int open = TaggerLoader.open();
        ResourceManager resources = UIMAFramework.newDefaultResourceManager();
        assertThat(CpeCompletion.run(
                        UIMAFramework.produceCollectionProcessingEngine(description, resources, null),
                        Duration.ofMinutes(10)))
                .isEmpty();
        assertThat(TaggerLoader.loaded() - loaded).as("models loaded").isEqualTo(1);
        resources.destroy();
        assertThat(TaggerLoader.open() - open)
                .as("models open after the resource manager is destroyed")
                .isZero();

        List<String> entities = readEntities(output, texts.size());
        assertThat(entities).hasSizeGreaterThan(400).contains(name(12) + " [ 3, 18]Person(PER) (Vibeke Scheibel)");
        assertThat(entities).containsExactlyElementsOf(coreTaggerEntities(texts));
    }

    /** Reads every XMI file back into a CAS of the aggregate's type system and lists its entities. */
    private static List<String> readEntities(Path output, int documents) throws Exception {
        CAS cas = CasCreationUtils.createCas(PlainUimaDescriptorsTest.parse(DescriptorGenerator.AGGREGATE));
        List<Path> files;
        try (Stream<Path> list = Files.list(output)) {
            files = list.filter(f -> f.toString().endsWith(".xmi")).sorted().toList();
        }
        assertThat(files).hasSize(documents);
        Type type = cas.getTypeSystem().getType(NAMED_ENTITY);
        Feature value = type.getFeatureByBaseName("value");
        List<String> entities = new ArrayList<>();
        for (Path file : files) {
            cas.reset();
            try (InputStream in = Files.newInputStream(file)) {
                XmiCasDeserializer.deserialize(in, cas);
            }
            String document = file.getFileName().toString().replace(".txt.xmi", "");
            for (AnnotationFS entity : cas.getAnnotationIndex(type)) {
                entities.add(document + " "
                        + UimaTestSupport.golden(
                                entity.getBegin(),
                                entity.getEnd(),
                                entity.getType().getShortName(),
                                entity.getStringValue(value),
                                entity.getCoveredText()));
            }
        }
        return entities;
    }

    /** What the core tagger finds on the tokens of DKPro's BreakIteratorSegmenter, the aggregate's segmenter. */
    private static List<String> coreTaggerEntities(List<String> texts) throws Exception {
        AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(BreakIteratorSegmenter.class);
        List<String> entities = new ArrayList<>();
        try (Tagger tagger = TestModels.tagger(TestModels.MINI)) {
            JCas jcas = segmenter.newJCas();
            for (int i = 0; i < texts.size(); i++) {
                jcas.reset();
                jcas.setDocumentText(texts.get(i));
                jcas.setDocumentLanguage("da");
                segmenter.process(jcas);
                for (String entity : UimaTestSupport.coreTaggerEntities(jcas.getCas(), tagger)) {
                    entities.add(name(i) + " " + entity);
                }
            }
        } finally {
            segmenter.destroy();
        }
        return entities;
    }

    private static List<String> daneTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        new ObjectMapper().readTree(TestModels.PARITY.toFile()).get("texts").forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static String name(int index) {
        return String.format(Locale.ROOT, "dane-test-%03d", index);
    }

    /** Waits for the end of a CPE run and keeps its errors. */
}
