package io.github.bertner.uima;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * Builds UIMA's checked exceptions with a plain English message. UIMA exceptions take their text from a
 * message catalogue; this package's catalogue has one entry that passes the message through.
 */
final class UimaErrors {
    private static final String CATALOGUE = "io.github.bertner.uima.messages";
    private static final String KEY = "message";

    private UimaErrors() {}

    static ResourceInitializationException initialization(String message) {
        return new ResourceInitializationException(CATALOGUE, KEY, new Object[] {message});
    }

    static ResourceInitializationException initialization(String message, Throwable cause) {
        return new ResourceInitializationException(CATALOGUE, KEY, new Object[] {message}, cause);
    }

    static AnalysisEngineProcessException processing(String message) {
        return new AnalysisEngineProcessException(CATALOGUE, KEY, new Object[] {message});
    }

    static AnalysisEngineProcessException processing(String message, Throwable cause) {
        return new AnalysisEngineProcessException(CATALOGUE, KEY, new Object[] {message}, cause);
    }
}
