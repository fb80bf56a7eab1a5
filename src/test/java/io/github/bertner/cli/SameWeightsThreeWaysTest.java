package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import io.github.bertner.ModelLocation;
import io.github.bertner.opennlp.BertNameFinder;
import io.github.bertner.opennlp.ConllNameSampleStream;
import io.github.bertner.train.TrainingSettings;
import io.github.bertner.uima.BertNamedEntityRecognizer;
import io.github.bertner.uima.CpeCompletion;
import io.github.bertner.uima.TrainerParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.apache.uima.UIMAFramework;
import org.apache.uima.collection.metadata.CasProcessorConfigurationParameterSettings;
import org.apache.uima.collection.metadata.CpeCasProcessor;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.XMLInputSource;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One training set, deterministic settings (file order, no dropout), three ways in: {@code bert-ner train}, OpenNLP's
 * {@code BertNameFinder.train} over {@code ConllNameSampleStream}, and the training CPE descriptor (DKPro Core's
 * CoNLL-2002 reader into {@code BertNamedEntityTrainer}). All three write the same bytes of weights, and each trained
 * model then tags through its adapter.
 */
@Tag("framework")
class SameWeightsThreeWaysTest {
    private static final Path BASE = Path.of("testdata/architectures/bert");
    private static final Path TRAIN = Path.of("testdata/training/dane-train-80.conll");
    private static final TrainingSettings SETTINGS = TrainingSettings.builder()
            .epochs(2)
            .learningRate(1e-3)
            .shuffle(false)
            .dropout(0)
            .build();

    @TempDir
    Path folder;

    @Test
    void theCommandLineOpenNlpAndTheCpeTrainTheSameWeights() throws Exception {
        Path byCli = folder.resolve("cli");
        CliRun cli = CliRun.of(
                "train",
                "--model",
                BASE.toString(),
                "--train",
                TRAIN.toString(),
                "--output",
                byCli.toString(),
                "--epochs",
                "2",
                "--learning-rate",
                "1e-3",
                "--no-shuffle",
                "--dropout",
                "0",
                "--no-progress");
        assertThat(cli.exitCode()).as(cli.err()).isZero();

        Path byOpenNlp = folder.resolve("opennlp");
        try (ConllNameSampleStream samples = ConllNameSampleStream.open(TRAIN, Map.of());
                BertNameFinder finder =
                        BertNameFinder.train(samples, ModelLocation.directory(BASE), SETTINGS, byOpenNlp)) {
            assertThat(finder.find(new String[] {"Jens", "Hansen", "bor", "i", "Aarhus", "."}))
                    .allSatisfy(span -> assertThat(span.getEnd()).isLessThanOrEqualTo(6));
        }

        Path byCpe = folder.resolve("cpe");
        runTrainingCpe(byCpe);

        String weights = digest(byCli.resolve("model.safetensors"));
        assertThat(digest(byOpenNlp.resolve("model.safetensors")))
                .as("OpenNLP's weights")
                .isEqualTo(weights);
        assertThat(digest(byCpe.resolve("model.safetensors")))
                .as("the CPE's weights")
                .isEqualTo(weights);
        assertThat(Files.readString(byCpe.resolve("config.json")))
                .isEqualTo(Files.readString(byCli.resolve("config.json")));

        JCas jcas = JCasFactory.createText("Jens Hansen bor i Aarhus og arbejder for Novo Nordisk.", "da");
        AnalysisEngineFactory.createEngine(BreakIteratorSegmenter.class).process(jcas);
        AnalysisEngineFactory.createEngine(
                        BertNamedEntityRecognizer.class,
                        BertNamedEntityRecognizer.PARAM_MODEL_LOCATION,
                        byCpe.toString())
                .process(jcas);
        assertThat(JCasUtil.select(jcas, NamedEntity.class))
                .allSatisfy(entity -> assertThat(entity.getValue()).isIn("PER", "LOC", "ORG", "MISC"));
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The training CPE from the jar, its reader pointed at a folder with the training file, on the settings above. */
    private void runTrainingCpe(Path output) throws Exception {
        Path input = Files.createDirectories(folder.resolve("conll"));
        Files.copy(TRAIN, input.resolve("train.conll"));
        CpeDescription description = UIMAFramework.getXMLParser()
                .parseCpeDescription(
                        new XMLInputSource(getClass().getResource("/io/github/bertner/uima/BertNerTrainingCpe.xml")));
        description
                .getAllCollectionCollectionReaders()[0]
                .getCollectionIterator()
                .getConfigurationParameterSettings()
                .setParameterValue("sourceLocation", input.toString());
        CpeCasProcessor trainer = description.getCpeCasProcessors().getCpeCasProcessor(0);
        CasProcessorConfigurationParameterSettings settings = trainer.getConfigurationParameterSettings();
        if (settings == null) {
            settings = org.apache.uima.collection.impl.metadata.cpe.CpeDescriptorFactory
                    .produceCasProcessorConfigurationParameterSettings();
            trainer.setConfigurationParameterSettings(settings);
        }
        settings.setParameterValue(TrainerParameters.PARAM_BASE_MODEL_LOCATION, BASE.toString());
        settings.setParameterValue(TrainerParameters.PARAM_TARGET_LOCATION, output.toString());
        settings.setParameterValue(TrainerParameters.PARAM_EPOCHS, 2);
        settings.setParameterValue(TrainerParameters.PARAM_LEARNING_RATE, 1e-3f);
        settings.setParameterValue(TrainerParameters.PARAM_SHUFFLE, false);
        settings.setParameterValue(TrainerParameters.PARAM_DROPOUT, 0f);
        assertThat(CpeCompletion.run(
                        UIMAFramework.produceCollectionProcessingEngine(description), Duration.ofMinutes(5)))
                .isEmpty();
    }
}
