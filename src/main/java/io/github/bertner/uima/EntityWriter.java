package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.TokenSpan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.ResourceInitializationException;

/**
 * Turns the tagger's token-index spans into entity annotations of one CAS type system: the type from the
 * label mapping, begin and end from the first and last token (UTF-16 character offsets), the label in
 * {@code value}, and the score in the score feature where one is named.
 */
final class EntityWriter {
    private static final String VALUE = "value";

    private final TypeSystem typeSystem;
    private final Map<String, Type> types;
    private final String scoreFeature;
    private final Map<Type, Feature> scores = new HashMap<>();

    private EntityWriter(TypeSystem typeSystem, Map<String, Type> types, String scoreFeature)
            throws AnalysisEngineProcessException {
        this.typeSystem = typeSystem;
        this.types = types;
        this.scoreFeature = scoreFeature;
        if (scoreFeature != null) {
            for (Type type : types.values()) {
                scores.put(type, scoreFeature(type));
            }
        }
    }

    /**
     * Prepares a writer for one type system.
     *
     * @param scoreFeature the base name of a {@code uima.cas.Float} or {@code uima.cas.Double} feature that
     *     every mapped type has, or null to keep no score
     * @throws AnalysisEngineProcessException if a mapped type or the score feature is missing or unfit
     */
    static EntityWriter create(TypeSystem typeSystem, LabelTypeMapping mapping, String scoreFeature)
            throws AnalysisEngineProcessException {
        try {
            return new EntityWriter(typeSystem, mapping.resolve(typeSystem), scoreFeature);
        } catch (ResourceInitializationException e) {
            throw UimaErrors.processing(e.getMessage(), e);
        }
    }

    /** Whether this writer was prepared for the given type system. */
    boolean fits(TypeSystem other) {
        return typeSystem == other;
    }

    /**
     * Adds one entity to the CAS indexes.
     *
     * @param tokens the tokens the span's indices refer to
     * @return the new annotation
     */
    AnnotationFS write(CAS cas, List<Token> tokens, TokenSpan span) {
        Type type = types.getOrDefault(span.label(), types.get(LabelTypeMapping.FALLBACK));
        AnnotationFS entity = cas.createAnnotation(
                type,
                tokens.get(span.start()).getBegin(),
                tokens.get(span.end() - 1).getEnd());
        entity.setStringValue(type.getFeatureByBaseName(VALUE), span.label());
        Feature score = scores.get(type);
        if (score != null) {
            setScore(entity, score, span.score());
        }
        cas.addFsToIndexes(entity);
        return entity;
    }

    private static void setScore(AnnotationFS entity, Feature feature, double score) {
        if (CAS.TYPE_NAME_DOUBLE.equals(feature.getRange().getName())) {
            entity.setDoubleValue(feature, score);
        } else {
            entity.setFloatValue(feature, (float) score);
        }
    }

    private Feature scoreFeature(Type type) throws AnalysisEngineProcessException {
        Feature feature = type.getFeatureByBaseName(scoreFeature);
        if (feature == null) {
            throw UimaErrors.processing("type " + type.getName() + " has no feature '" + scoreFeature + "' for the "
                    + "entity score (parameter scoreFeature): add one of range uima.cas.Double or uima.cas.Float to "
                    + "the type system, for example by importing io.github.bertner.uima.NamedEntityScore");
        }
        String range = feature.getRange().getName();
        if (!CAS.TYPE_NAME_DOUBLE.equals(range) && !CAS.TYPE_NAME_FLOAT.equals(range)) {
            throw UimaErrors.processing("feature " + feature.getName() + " (parameter scoreFeature) has range " + range
                    + "; the entity score needs uima.cas.Double or uima.cas.Float");
        }
        return feature;
    }
}
