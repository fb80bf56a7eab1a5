package io.github.bertner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.ExternalResourceFactory.createNamedResourceDescription;

import io.github.bertner.ModelLocation;
import io.github.bertner.RecognizerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.uima.Constants;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.analysis_engine.metadata.AnalysisEngineMetaData;
import org.apache.uima.analysis_engine.metadata.FixedFlow;
import org.apache.uima.analysis_engine.metadata.impl.FixedFlow_impl;
import org.apache.uima.collection.impl.metadata.cpe.CpeDescriptorFactory;
import org.apache.uima.collection.metadata.CasProcessorConfigurationParameterSettings;
import org.apache.uima.collection.metadata.CpeCollectionReader;
import org.apache.uima.collection.metadata.CpeComponentDescriptor;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.collection.metadata.CpeDescriptorException;
import org.apache.uima.collection.metadata.CpeIntegratedCasProcessor;
import org.apache.uima.fit.factory.ExternalResourceFactory;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.ResourceSpecifier;
import org.apache.uima.resource.metadata.Capability;
import org.apache.uima.resource.metadata.Import;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.resource.metadata.impl.Import_impl;
import org.apache.uima.resource.metadata.impl.TypeSystemDescription_impl;
import org.apache.uima.util.InvalidXMLException;
import org.xml.sax.SAXException;

/**
 * Writes the XML descriptors in {@code descriptors/} from the code: the engine alone, an aggregate
 * (DKPro Core's BreakIteratorSegmenter, then the engine with a shared model resource) and a CPE (text
 * files in a folder, the aggregate on two processing-unit threads, XMI files out). Run by
 * {@link DescriptorsUpToDateTest}, which also rewrites {@code descriptors/} when asked to.
 */
final class DescriptorGenerator {
    static final String ENGINE = "BertNamedEntityRecognizer.xml";
    static final String AGGREGATE = "BertNerAggregate.xml";
    static final String CPE = "BertNerCpe.xml";
    static final String ZERO_SHOT = "BertNerZeroShot.xml";
    static final String TRAINER = "BertNamedEntityTrainer.xml";
    static final String TRAINING_CPE = "BertNerTrainingCpe.xml";
    /** The trainer's name as the jar holds it. */
    static final String TRAINER_NAME = "io.github.bertner.uima.BertNamedEntityTrainer";
    /** The aggregate's name as the jar holds it (descriptors/ is the jar's io/github/bertner/uima/). */
    static final String AGGREGATE_NAME = "io.github.bertner.uima.BertNerAggregate";

    static final List<String> FILES = List.of(ENGINE, AGGREGATE, CPE, ZERO_SHOT, TRAINER, TRAINING_CPE);

    /** The model the trainer descriptor fine-tunes: the Danish BERT NER model, fetched on first use. */
    static final String BASE_MODEL = "hf:Maltehb/danish-bert-botxo-ner-dane";
    /** Where the training CPE reads CoNLL files from, and where it writes the trained model. */
    static final String TRAINING_INPUT = "train";

    static final String TRAINED_MODEL = "trained-model";

    /** The model the descriptors name: the demo model inside the jar, so that they run from any directory. */
    static final String DEFAULT_MODEL = ModelLocation.DEMO;
    /** The label mapping the descriptors name: DaNE's labels to DKPro's Person, Location and Organization. */
    static final String DEFAULT_MAPPING = "classpath:io/github/bertner/uima/dane-ner.map";
    /** The zero-shot model the zero-shot descriptor names: GLiNER's multilingual model, fetched on first use. */
    static final String ZERO_SHOT_MODEL = "hf:urchade/gliner_multi-v2.1";
    /** The zero-shot descriptor's entity types, mapped to DKPro's types by {@link #ZERO_SHOT_MAPPING}. */
    static final String[] ZERO_SHOT_TYPES = {"person", "location", "organization"};
    /** Those types to DKPro's Person, Location and Organization. */
    static final String ZERO_SHOT_MAPPING = "classpath:io/github/bertner/uima/zero-shot-ner.map";
    /** The name of the shared model resource in the aggregate. */
    static final String TAGGER_RESOURCE = "bertTagger";

    static final String SEGMENTER_KEY = "segmenter";
    static final String NER_KEY = "ner";
    static final int CPE_THREADS = 2;

    private static final String SEGMENTER = "org.dkpro.core.tokit.BreakIteratorSegmenter";
    private static final String TEXT_READER = "org.dkpro.core.io.text.TextReader";
    private static final String XMI_WRITER = "org.dkpro.core.io.xmi.XmiWriter";
    private static final String CONLL_READER = "org.dkpro.core.io.conll.Conll2002Reader";
    private static final String[] TYPE_SYSTEMS = {
        "desc.type.LexicalUnits_customized", "desc.type.NamedEntity", "io.github.bertner.uima.NamedEntityScore"
    };

    private DescriptorGenerator() {}

    /**
     * Writes every descriptor into a folder.
     *
     * @param folder created if missing
     */
    static void writeAll(Path folder)
            throws IOException, SAXException, ResourceInitializationException, InvalidXMLException,
                    CpeDescriptorException {
        Files.createDirectories(folder);
        write(engine(), folder.resolve(ENGINE));
        write(aggregate(), folder.resolve(AGGREGATE));
        write(cpe(), folder.resolve(CPE));
        write(zeroShot(), folder.resolve(ZERO_SHOT));
        write(trainer(), folder.resolve(TRAINER));
        write(trainingCpe(), folder.resolve(TRAINING_CPE));
    }

    /** The trainer: fine-tunes {@value #BASE_MODEL} on the collection's entities, into {@code trained-model/}. */
    static AnalysisEngineDescription trainer() throws ResourceInitializationException {
        AnalysisEngineDescription trainer = createEngineDescription(
                BertNamedEntityTrainer.class,
                TrainerParameters.PARAM_BASE_MODEL_LOCATION,
                BASE_MODEL,
                TrainerParameters.PARAM_TARGET_LOCATION,
                TRAINED_MODEL);
        importTypeSystems(trainer, TYPE_SYSTEMS[0], TYPE_SYSTEMS[1]);
        return trainer;
    }

    /**
     * CoNLL-2002 files from {@code train/} (DKPro Core's Conll2002Reader: token and BIO label per line, tab-separated)
     * into the trainer (imported by name from the jar), on one thread, so that the sentences keep the files' order.
     */
    static CpeDescription trainingCpe() throws CpeDescriptorException {
        CpeDescription cpe = readerCpe(
                CONLL_READER,
                settings(
                        "sourceLocation",
                        TRAINING_INPUT,
                        "patterns",
                        new String[] {"[+]**/*.conll"},
                        "language",
                        "da",
                        "columnSeparator",
                        "tab"),
                1);
        cpe.addCasProcessor(processor("BertNamedEntityTrainer", descriptorByName(TRAINER_NAME), null));
        return cpe;
    }

    /** A CPE whose reader is imported by name, on this many processing-unit threads, deployed at once. */
    private static CpeDescription readerCpe(
            String readerName, CasProcessorConfigurationParameterSettings readerSettings, int threads)
            throws CpeDescriptorException {
        CpeDescription cpe = CpeDescriptorFactory.produceDescriptor();
        CpeCollectionReader reader = CpeDescriptorFactory.produceCollectionReader();
        reader.getCollectionIterator().setDescriptor(descriptorByName(readerName));
        reader.setConfigurationParameterSettings(readerSettings);
        cpe.addCollectionReader(reader);
        cpe.setProcessingUnitThreadCount(threads);
        cpe.getCpeCasProcessors().setPoolSize(threads + 2);
        cpe.getCpeConfiguration().setDeployment("immediate");
        return cpe;
    }

    /**
     * The engine with a zero-shot GLiNER model: the entity types named in {@code entityTypes}, mapped to DKPro types
     * by a {@code .map} of their names.
     */
    static AnalysisEngineDescription zeroShot() throws ResourceInitializationException {
        AnalysisEngineDescription engine = engineWithoutModel();
        var settings = engine.getAnalysisEngineMetaData().getConfigurationParameterSettings();
        settings.setParameterValue(BertNamedEntityRecognizer.PARAM_MODEL_LOCATION, ZERO_SHOT_MODEL);
        settings.setParameterValue(BertNamedEntityRecognizer.PARAM_ENTITY_TYPES, ZERO_SHOT_TYPES);
        settings.setParameterValue(BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION, ZERO_SHOT_MAPPING);
        engine.getAnalysisEngineMetaData().setName("BERT Named Entity Recognizer, zero-shot");
        engine.getAnalysisEngineMetaData()
                .setDescription("BertNamedEntityRecognizer with a zero-shot GLiNER model ("
                        + ZERO_SHOT_MODEL + ", fetched from the Hugging Face Hub on first use): finds the entity types "
                        + "named in entityTypes and maps them to DKPro Core types by mappingLocation. Name other types "
                        + "(medication, court, ship) and map them in a .map of your own.");
        return engine;
    }

    /** The engine alone: loads its own model from {@code modelLocation}, keeps scores in {@code score}. */
    static AnalysisEngineDescription engine() throws ResourceInitializationException {
        AnalysisEngineDescription engine = engineWithoutModel();
        engine.getAnalysisEngineMetaData()
                .getConfigurationParameterSettings()
                .setParameterValue(BertNamedEntityRecognizer.PARAM_MODEL_LOCATION, DEFAULT_MODEL);
        return engine;
    }

    /** Segmenter, then the engine bound to the shared model resource {@value #TAGGER_RESOURCE}. */
    static AnalysisEngineDescription aggregate() throws ResourceInitializationException, InvalidXMLException {
        AnalysisEngineDescription aggregate =
                UIMAFramework.getResourceSpecifierFactory().createAnalysisEngineDescription();
        aggregate.setFrameworkImplementation(Constants.JAVA_FRAMEWORK_NAME);
        aggregate.setPrimitive(false);
        aggregate.getDelegateAnalysisEngineSpecifiersWithImports().put(SEGMENTER_KEY, importByName(SEGMENTER));
        aggregate.getDelegateAnalysisEngineSpecifiersWithImports().put(NER_KEY, engineWithoutModel());
        AnalysisEngineMetaData meta = aggregate.getAnalysisEngineMetaData();
        meta.setName("BERT NER aggregate");
        meta.setDescription("DKPro Core's BreakIteratorSegmenter (Sentence, Token), then BertNamedEntityRecognizer "
                + "(NamedEntity with value and score). The model is the external resource " + TAGGER_RESOURCE
                + ", shared by every instance of this aggregate in one resource manager (for example all "
                + "processing units of a CPE); set its parameter modelLocation to use another model.");
        FixedFlow flow = new FixedFlow_impl();
        flow.setFixedFlow(new String[] {SEGMENTER_KEY, NER_KEY});
        meta.setFlowConstraints(flow);
        meta.setCapabilities(new Capability[] {outputs()});
        ExternalResourceDescription tagger = createNamedResourceDescription(
                TAGGER_RESOURCE,
                BertTaggerResource.class,
                TaggerParameters.settings(DEFAULT_MODEL, RecognizerConfig.defaults()));
        tagger.setDescription("The BERT NER model shared by every instance of this aggregate in one resource manager. "
                + "modelLocation: the model directory (path or file: URI, relative to the working directory), hf:ORG/NAME, "
                + "or classpath:PATH (the default is the small Danish demo model inside the jar); the other parameters "
                + "are those of BertNamedEntityRecognizer.");
        ExternalResourceFactory.bindResourceOnce(
                aggregate, NER_KEY + "/" + BertNamedEntityRecognizer.KEY_TAGGER, tagger);
        return aggregate;
    }

    /**
     * Text files from {@code input/} through the aggregate (imported by name from the jar) on two threads into
     * XMI files in {@code output/}.
     */
    static CpeDescription cpe() throws CpeDescriptorException {
        CpeDescription cpe = readerCpe(
                TEXT_READER,
                settings(
                        "sourceLocation",
                        "input",
                        "patterns",
                        new String[] {"[+]**/*.txt"},
                        "language",
                        "da",
                        "logFreq",
                        100),
                CPE_THREADS);
        cpe.addCasProcessor(processor("BertNerAggregate", descriptorByName(AGGREGATE_NAME), null));
        cpe.addCasProcessor(processor(
                "XmiWriter",
                descriptorByName(XMI_WRITER),
                settings("targetLocation", "output", "overwrite", Boolean.TRUE)));
        return cpe;
    }

    private static AnalysisEngineDescription engineWithoutModel() throws ResourceInitializationException {
        AnalysisEngineDescription engine = createEngineDescription(
                BertNamedEntityRecognizer.class,
                BertNamedEntityRecognizer.PARAM_SCORE_FEATURE,
                "score",
                BertNamedEntityRecognizer.PARAM_MAPPING_LOCATION,
                DEFAULT_MAPPING);
        importTypeSystems(engine, TYPE_SYSTEMS);
        return engine;
    }

    /** Gives a component the type systems it needs, imported by name, instead of those uimaFIT found. */
    private static void importTypeSystems(AnalysisEngineDescription component, String... names) {
        TypeSystemDescription types = new TypeSystemDescription_impl();
        types.setImports(
                Arrays.stream(names).map(DescriptorGenerator::importByName).toArray(Import[]::new));
        component.getAnalysisEngineMetaData().setTypeSystem(types);
        component.getAnalysisEngineMetaData().setTypePriorities(null);
        component.getAnalysisEngineMetaData().setFsIndexCollection(null);
    }

    private static Capability outputs() {
        Capability capability = UIMAFramework.getResourceSpecifierFactory().createCapability();
        capability.addOutputType("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence", false);
        capability.addOutputType("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token", false);
        capability.addOutputType("de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity", true);
        return capability;
    }

    private static CpeIntegratedCasProcessor processor(
            String name, CpeComponentDescriptor descriptor, CasProcessorConfigurationParameterSettings settings)
            throws CpeDescriptorException {
        CpeIntegratedCasProcessor processor = CpeDescriptorFactory.produceCasProcessor(name);
        processor.setCpeComponentDescriptor(descriptor);
        processor.setActionOnMaxError("terminate");
        processor.setMaxErrorCount(0);
        if (settings != null) {
            processor.setConfigurationParameterSettings(settings);
        }
        return processor;
    }

    private static CasProcessorConfigurationParameterSettings settings(Object... namesAndValues) {
        CasProcessorConfigurationParameterSettings settings =
                CpeDescriptorFactory.produceCasProcessorConfigurationParameterSettings();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.setParameterValue((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return settings;
    }

    private static CpeComponentDescriptor descriptorByName(String name) {
        CpeComponentDescriptor descriptor = CpeDescriptorFactory.produceComponentDescriptor(null);
        descriptor.setInclude(null);
        descriptor.setImport(importByName(name));
        return descriptor;
    }

    private static Import importByName(String name) {
        Import imp = new Import_impl();
        imp.setName(name);
        return imp;
    }

    /** Writes UIMA's XML without the whitespace-only lines its serializer leaves between elements. */
    private static void write(Object descriptor, Path file) throws IOException, SAXException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (descriptor instanceof CpeDescription cpe) {
            cpe.toXML(out);
        } else {
            ((ResourceSpecifier) descriptor).toXML(out);
        }
        StringBuilder xml = new StringBuilder();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                xml.append(line.stripTrailing()).append('\n');
            }
        }
        Files.writeString(file, xml, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        writeAll(Path.of(args.length > 0 ? args[0] : "descriptors"));
    }
}
