package io.github.bertner.uima;

import static io.github.bertner.TestModels.MINI;
import static io.github.bertner.uima.UimaTestSupport.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.TestModels;
import io.github.bertner.tagger.Tagger;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.CustomResourceSpecifier;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.Parameter;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.ResourceManager;
import org.apache.uima.util.XMLInputSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The descriptors in {@code descriptors/} load and run with plain UIMA (the XML parser and
 * {@code UIMAFramework.produceAnalysisEngine}), no uimaFIT factory involved; their type systems resolve
 * from the classpath.
 */
@Tag("framework")
class PlainUimaDescriptorsTest {
    private static final String SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence";
    private static final String TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token";
    private static final String NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";
    private static final String TEXT = "Hej 😀 Jens Peter Hansen kommer fra Danmark";

    private ResourceManager resources;
    private int open;

    @BeforeEach
    void newResourceManager() {
        resources = UIMAFramework.newDefaultResourceManager();
        open = TaggerLoader.open();
    }

    @AfterEach
    void destroyResourceManager() {
        resources.destroy();
        assertThat(TaggerLoader.open()).as("models left open").isEqualTo(open);
    }

    @Test
    void theEngineDescriptorRunsWithItsModelLocationOverridden() throws Exception {
        AnalysisEngineDescription description = parse(DescriptorGenerator.ENGINE);
        description
                .getAnalysisEngineMetaData()
                .getConfigurationParameterSettings()
                .setParameterValue(
                        BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                        MINI.toAbsolutePath().toString());
        AnalysisEngine engine = UIMAFramework.produceAnalysisEngine(description, resources, null);
        try {
            CAS cas = engine.newCAS();
            cas.setDocumentText(TEXT);
            addWhitespaceTokens(cas);
            engine.process(cas);

            assertThat(entities(cas))
                    .containsExactly("[ 7, 24]Person(PER) (Jens Peter Hansen)", "[36, 43]Location(LOC) (Danmark)");
            assertThat(scores(cas)).allSatisfy(score -> assertThat(score).isBetween(0.5, 1.0));
        } finally {
            engine.destroy();
        }
    }

    @Test
    void theAggregateSegmentsAndTagsWithOneSharedModelForAllItsInstances() throws Exception {
        int loaded = TaggerLoader.loaded();
        AnalysisEngine first =
                UIMAFramework.produceAnalysisEngine(parse(DescriptorGenerator.AGGREGATE), resources, null);
        AnalysisEngine second =
                UIMAFramework.produceAnalysisEngine(parse(DescriptorGenerator.AGGREGATE), resources, null);
        try (Tagger tagger = TestModels.tagger(MINI)) {
            assertThat(TaggerLoader.loaded() - loaded)
                    .as("models loaded for two aggregates")
                    .isEqualTo(1);
            for (AnalysisEngine aggregate : List.of(first, second)) {
                CAS cas = aggregate.newCAS();
                cas.setDocumentText(TEXT + ".");
                cas.setDocumentLanguage("da");
                aggregate.process(cas);

                assertThat(entities(cas))
                        .contains("[ 7, 24]Person(PER) (Jens Peter Hansen)", "[36, 43]Location(LOC) (Danmark)");
                assertThat(entities(cas)).containsExactlyElementsOf(UimaTestSupport.coreTaggerEntities(cas, tagger));
                assertThat(scores(cas)).allSatisfy(score -> assertThat(score).isBetween(0.0, 1.0));
            }
        } finally {
            first.destroy();
            second.destroy();
        }
    }

    @Test
    void theAggregateTakesItsModelFromTheSharedResourceParameter() throws Exception {
        AnalysisEngineDescription description = parse(DescriptorGenerator.AGGREGATE);
        modelParameter(description).setValue(TestModels.MISSING.toString());

        assertThatThrownBy(() -> UIMAFramework.produceAnalysisEngine(description, resources, null))
                .isInstanceOf(ResourceInitializationException.class)
                .hasStackTraceContaining(TestModels.MISSING.toString());
    }

    static AnalysisEngineDescription parse(String file) throws Exception {
        XMLInputSource in = new XMLInputSource(
                DescriptorsUpToDateTest.COMMITTED.resolve(file).toFile());
        return UIMAFramework.getXMLParser().parseAnalysisEngineDescription(in);
    }

    /** The {@code modelLocation} parameter of the aggregate's shared model resource. */
    static Parameter modelParameter(AnalysisEngineDescription aggregate) {
        for (ExternalResourceDescription resource :
                aggregate.getResourceManagerConfiguration().getExternalResources()) {
            if (resource.getName().equals(DescriptorGenerator.TAGGER_RESOURCE)) {
                for (Parameter parameter :
                        ((CustomResourceSpecifier) resource.getResourceSpecifier()).getParameters()) {
                    if (parameter.getName().equals(BertTaggerResource.PARAM_MODEL_LOCATION)) {
                        return parameter;
                    }
                }
            }
        }
        throw new AssertionError("no modelLocation on resource " + DescriptorGenerator.TAGGER_RESOURCE);
    }

    private static void addWhitespaceTokens(CAS cas) {
        String text = cas.getDocumentText();
        Type token = cas.getTypeSystem().getType(TOKEN);
        int start = 0;
        for (String word : text.split(" ")) {
            cas.addFsToIndexes(cas.createAnnotation(token, start, start + word.length()));
            start += word.length() + 1;
        }
        cas.addFsToIndexes(cas.createAnnotation(cas.getTypeSystem().getType(SENTENCE), 0, text.length()));
    }

    private static List<String> entities(CAS cas) {
        Type type = cas.getTypeSystem().getType(NAMED_ENTITY);
        Feature value = type.getFeatureByBaseName("value");
        List<String> out = new ArrayList<>();
        for (AnnotationFS entity : cas.getAnnotationIndex(type)) {
            out.add(golden(
                    entity.getBegin(),
                    entity.getEnd(),
                    entity.getType().getShortName(),
                    entity.getStringValue(value),
                    entity.getCoveredText()));
        }
        return out;
    }

    private static List<Double> scores(CAS cas) {
        Type type = cas.getTypeSystem().getType(NAMED_ENTITY);
        Feature score = type.getFeatureByBaseName("score");
        List<Double> out = new ArrayList<>();
        cas.getAnnotationIndex(type).forEach(entity -> out.add(entity.getDoubleValue(score)));
        return out;
    }

    /** What the core tagger finds over the tokens of each sentence of a CAS, as golden strings. */
}
