package io.github.bertner.uima;

import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * The model for a document language, as DKPro Core's model providers choose one: a language → model map
 * ({@code da=hf:Maltehb/danish-bert-botxo-ner-dane}), looked up with the full language tag and then its
 * primary language ({@code da-DK}, then {@code da}). The model is loaded when a CAS first needs it and kept
 * while the language stays the same; another language closes it and loads its own.
 */
final class LanguageModels implements AutoCloseable {
    /** The map shipped with bert-ner. */
    static final String DEFAULT_MAP = "classpath:io/github/bertner/uima/models.map";

    private final Map<String, String> locations;
    private final String source;
    private final RecognizerConfig config;
    private final String owner;
    private String language;
    private Recognizer tagger;

    private LanguageModels(Map<String, String> locations, String source, RecognizerConfig config, String owner) {
        this.locations = locations;
        this.source = source;
        this.config = config;
        this.owner = owner;
    }

    static LanguageModels load(String mapLocation, RecognizerConfig config, String owner)
            throws ResourceInitializationException {
        Properties lines;
        try {
            lines = PropertiesResources.read(mapLocation);
        } catch (IOException | IllegalArgumentException e) {
            throw UimaErrors.initialization(
                    owner + " cannot read the language → model map " + mapLocation + ": " + e.getMessage(), e);
        }
        Map<String, String> locations = new TreeMap<>();
        lines.stringPropertyNames()
                .forEach(key -> locations.put(
                        key.trim().toLowerCase(Locale.ROOT),
                        lines.getProperty(key).trim()));
        return new LanguageModels(locations, mapLocation, config, owner);
    }

    /** The tagger for a language, loaded on first use or when the language changes. */
    synchronized Recognizer taggerFor(String documentLanguage) throws AnalysisEngineProcessException {
        String wanted = documentLanguage == null
                ? "x-unspecified"
                : documentLanguage.trim().toLowerCase(Locale.ROOT);
        if (tagger != null && wanted.equals(language)) {
            return tagger;
        }
        String location = location(wanted);
        close();
        try {
            tagger = TaggerLoader.load(location, config, owner + " (language " + wanted + ")");
        } catch (ResourceInitializationException e) {
            throw UimaErrors.processing(e.getMessage(), e);
        }
        language = wanted;
        return tagger;
    }

    private String location(String wanted) throws AnalysisEngineProcessException {
        String location = locations.get(wanted);
        if (location == null && wanted.contains("-")) {
            location = locations.get(wanted.substring(0, wanted.indexOf('-')));
        }
        if (location == null || location.isEmpty()) {
            throw UimaErrors.processing(owner + " has no model for the language '" + wanted + "' (the map " + source
                    + " has " + locations.keySet()
                    + "): set the CAS's document language, the parameter language, or modelLocation");
        }
        return location;
    }

    /** Closes the current model, if any. */
    @Override
    public synchronized void close() {
        if (tagger != null) {
            TaggerLoader.close(tagger, owner);
            tagger = null;
            language = null;
        }
    }
}
