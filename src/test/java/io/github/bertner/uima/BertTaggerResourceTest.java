package io.github.bertner.uima;

import static io.github.bertner.TestModels.MINI;
import static io.github.bertner.uima.UimaTestSupport.engine;
import static io.github.bertner.uima.UimaTestSupport.entities;
import static io.github.bertner.uima.UimaTestSupport.whitespaceTokenized;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.ExternalResourceFactory.createNamedResourceDescription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.ResourceManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Who loads, shares and closes the model. */
@Tag("framework")
class BertTaggerResourceTest {
    private static final String TEXT = """
            Jens Peter Hansen kommer fra Danmark
            Chili Jensen bor i København og arbejder for Novo Nordisk""";

    @Test
    void enginesBoundToOneResourceShareOneModelUntilTheResourceManagerIsDestroyed() throws Exception {
        int loaded = TaggerLoader.loaded();
        int open = TaggerLoader.open();
        ResourceManager resources = UIMAFramework.newDefaultResourceManager();
        AnalysisEngine first = UIMAFramework.produceAnalysisEngine(boundEngine(), resources, null);
        AnalysisEngine second = UIMAFramework.produceAnalysisEngine(boundEngine(), resources, null);

        assertThat(TaggerLoader.loaded() - loaded).as("models loaded").isEqualTo(1);
        assertThat(entitiesOf(first)).isNotEmpty().isEqualTo(entitiesOf(second));

        first.destroy();
        second.destroy();
        assertThat(TaggerLoader.open() - open)
                .as("open after the engines are destroyed")
                .isEqualTo(1);
        resources.destroy();
        assertThat(TaggerLoader.open() - open)
                .as("open after the resource manager is destroyed")
                .isZero();
    }

    @Test
    void fourEnginesRunningAtOnceHoldOneModelAndAgree() throws Exception {
        int loaded = TaggerLoader.loaded();
        ResourceManager resources = UIMAFramework.newDefaultResourceManager();
        List<AnalysisEngine> engines = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                engines.add(UIMAFramework.produceAnalysisEngine(boundEngine(), resources, null));
            }
            assertThat(TaggerLoader.loaded() - loaded)
                    .as("models loaded for four engines")
                    .isEqualTo(1);
            List<String> expected = entitiesOf(engines.get(0));
            List<Future<List<String>>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (AnalysisEngine engine : engines) {
                    Callable<List<String>> task = () -> entitiesOf(engine);
                    results.add(threads.submit(task));
                }
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
            engines.forEach(AnalysisEngine::destroy);
            resources.destroy();
        }
    }

    @Test
    void anEngineWithoutAResourceLoadsItsOwnModelAndClosesItWhenDestroyed() throws Exception {
        int loaded = TaggerLoader.loaded();
        int open = TaggerLoader.open();
        AnalysisEngine engine = createEngine(engine());

        assertThat(TaggerLoader.loaded() - loaded).isEqualTo(1);
        assertThat(entitiesOf(engine)).isNotEmpty();
        engine.destroy();
        assertThat(TaggerLoader.open() - open).isZero();
    }

    @Test
    void theResourceIsClosedOnceAndThenRefusesToLendItsTagger() throws Exception {
        int open = TaggerLoader.open();
        BertTaggerResource resource = (BertTaggerResource) UIMAFramework.produceResource(
                BertTaggerResource.class, sharedModel().getResourceSpecifier(), null);
        assertThat(resource.tagger().tagTokens(new String[] {"Danmark"}, io.github.bertner.EntityTypes.model()))
                .isNotEmpty();

        resource.destroy();
        resource.destroy();

        assertThat(TaggerLoader.open() - open).isZero();
        assertThatThrownBy(resource::tagger).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingModelDirectoryIsNamedInTheError() {
        assertThatThrownBy(() -> createEngine(createEngineDescription(
                        BertNamedEntityRecognizer.class,
                        BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                        TestModels.MISSING.toString())))
                .isInstanceOf(ResourceInitializationException.class)
                .hasStackTraceContaining("no-such-model")
                .hasStackTraceContaining("ModelLoadException");
    }

    private static ExternalResourceDescription sharedModel() {
        return createNamedResourceDescription(
                "shared", BertTaggerResource.class, BertTaggerResource.PARAM_MODEL_LOCATION, MINI.toString());
    }

    private static AnalysisEngineDescription boundEngine() throws ResourceInitializationException {
        return createEngineDescription(
                BertNamedEntityRecognizer.class, BertNamedEntityRecognizer.KEY_TAGGER, sharedModel());
    }

    private static List<String> entitiesOf(AnalysisEngine engine) throws Exception {
        JCas jcas = whitespaceTokenized(TEXT);
        engine.process(jcas);
        return entities(jcas);
    }
}
