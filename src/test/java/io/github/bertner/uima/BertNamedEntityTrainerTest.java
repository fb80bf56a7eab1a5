package io.github.bertner.uima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import java.nio.file.Path;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BertNamedEntityTrainer} in a uimaFIT pipeline: it learns the {@code NamedEntity} values of every CAS, holds
 * out the dev fraction it is given, and names the parameter a bad value came in.
 */
@Tag("framework")
class BertNamedEntityTrainerTest {
    private static final String BASE = "testdata/architectures/bert";

    @TempDir
    Path folder;

    private AnalysisEngine trainer(Path target, Object... more) throws ResourceInitializationException {
        Object[] settings = new Object[6 + more.length];
        settings[0] = TrainerParameters.PARAM_BASE_MODEL_LOCATION;
        settings[1] = BASE;
        settings[2] = TrainerParameters.PARAM_TARGET_LOCATION;
        settings[3] = target.toString();
        settings[4] = TrainerParameters.PARAM_EPOCHS;
        settings[5] = 1;
        System.arraycopy(more, 0, settings, 6, more.length);
        return AnalysisEngineFactory.createEngine(BertNamedEntityTrainer.class, settings);
    }

    private static JCas document(String text, String... entities) throws Exception {
        JCas jcas = JCasFactory.createText(text, "da");
        AnalysisEngineFactory.createEngine(BreakIteratorSegmenter.class).process(jcas);
        for (String entity : entities) {
            String[] parts = entity.split("=");
            int begin = text.indexOf(parts[0]);
            NamedEntity named = new NamedEntity(jcas, begin, begin + parts[0].length());
            named.setValue(parts[1]);
            named.addToIndexes();
        }
        return jcas;
    }

    @Test
    void theCollectionsEntitiesAreLearntWithADevFractionHeldOut() throws Exception {
        Path target = folder.resolve("model");
        AnalysisEngine trainer = trainer(target, TrainerParameters.PARAM_DEV_FRACTION, 0.25f);
        trainer.process(document(
                "Jens Hansen bor i Aarhus. Mette bor i Odense. Han kom i går. Det regner.",
                "Jens Hansen=PER",
                "Aarhus=LOC",
                "Mette=PER",
                "Odens=LOC"));
        trainer.process(document(
                "Novo Nordisk ligger i Bagsværd. Lars arbejder der. Vejret er godt. Vi ses.",
                "Novo Nordisk=ORG",
                "Bagsværd=LOC",
                "Lars=PER"));
        trainer.collectionProcessComplete();
        JsonNode arguments =
                new ObjectMapper().readTree(target.resolve("training_args.json").toFile());
        assertThat(arguments.get("train_sentences").asInt()).isEqualTo(6);
        assertThat(arguments.get("dev_sentences").asInt()).isEqualTo(2);

        JCas tagged = document("Jens Hansen bor i Aarhus.");
        AnalysisEngineFactory.createEngine(
                        BertNamedEntityRecognizer.class,
                        BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                        target.toString())
                .process(tagged);
        assertThat(org.apache.uima.fit.util.JCasUtil.select(tagged, NamedEntity.class))
                .allSatisfy(entity -> assertThat(entity.getValue()).isIn("PER", "LOC", "ORG", "MISC"));
    }

    @Test
    void aBadParameterIsNamed() {
        assertThatThrownBy(() -> trainer(folder.resolve("a"), TrainerParameters.PARAM_DEV_FRACTION, 1.5f))
                .hasStackTraceContaining("parameter devFraction must be at least 0 and below 1, was 1.5");
        assertThatThrownBy(() -> trainer(folder.resolve("b"), TrainerParameters.PARAM_BATCH_SIZE, 0))
                .hasStackTraceContaining("parameter batchSize: the batch size must be at least 1, was 0");
        assertThatThrownBy(() -> trainer(folder.resolve("c"), TrainerParameters.PARAM_LABEL_MAP, new String[] {"PER"}))
                .hasStackTraceContaining("BertNamedEntityTrainer");
    }
}
