package io.github.bertner.serve;

import io.github.bertner.train.EntityAlignment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.jcas.tcas.Annotation;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.InvalidXMLException;
import org.apache.uima.util.XMLInputSource;
import org.xml.sax.SAXException;

/**
 * A document INCEpTION sends: the CAS read from its XMI with the request's own type system, its DKPro Core tokens
 * and sentences inside a range, and predictions added as INCEpTION reads them back.
 */
final class CasDocument {
    static final String TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token";
    static final String SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence";
    static final String PREDICTED = "inception_internal_predicted";

    private final CAS cas;

    private CasDocument(CAS cas) {
        this.cas = cas;
    }

    /**
     * Reads the CAS.
     *
     * @param typeSystem the type system description (XML)
     * @param xmi the CAS as XMI, read leniently (types unknown to the type system are skipped)
     * @throws HttpError 400 naming the field that cannot be read, and why
     */
    static CasDocument read(String typeSystem, String xmi) {
        return read(emptyCas(typeSystem), xmi, "document.xmi");
    }

    /**
     * An empty CAS of a request's type system, to read documents into one after another.
     *
     * @param typeSystem the type system description (XML)
     * @throws HttpError 400 if it is not a type system description UIMA can use
     */
    static CAS emptyCas(String typeSystem) {
        TypeSystemDescription description;
        try {
            description = UIMAFramework.getXMLParser()
                    .parseTypeSystemDescription(new XMLInputSource(
                            new ByteArrayInputStream(typeSystem.getBytes(StandardCharsets.UTF_8)), null));
        } catch (InvalidXMLException e) {
            throw HttpError.badRequest("typeSystem is not a UIMA type system description: " + e.getMessage());
        }
        try {
            return CasCreationUtils.createCas(description, null, null);
        } catch (ResourceInitializationException e) {
            throw HttpError.badRequest("typeSystem cannot be used: " + e.getMessage());
        }
    }

    /**
     * Reads a document into a CAS, replacing what it held.
     *
     * @param cas the CAS, of the request's type system
     * @param xmi the CAS as XMI, read leniently (types unknown to the type system are skipped)
     * @param field what to call the XMI in a message, such as {@code documents[3].xmi (documentId 42)}
     * @throws HttpError 400 naming the field that cannot be read, and why
     */
    static CasDocument read(CAS cas, String xmi, String field) {
        cas.reset();
        try {
            XmiCasDeserializer.deserialize(new ByteArrayInputStream(xmi.getBytes(StandardCharsets.UTF_8)), cas, true);
        } catch (SAXException | IOException | RuntimeException e) {
            throw HttpError.badRequest(field + " is not a CAS in XMI for that type system: " + e.getMessage());
        }
        return new CasDocument(cas);
    }

    /**
     * The tokens of each sentence that overlaps {@code [begin, end)}, keeping the tokens that lie inside it and have
     * characters; the tokens inside it as one sentence where the CAS has no sentences.
     *
     * @throws HttpError 400 if the type system has no DKPro Core token type
     */
    List<List<AnnotationFS>> sentences(int begin, int end) {
        Type token = type(TOKEN, "the type system has no token type " + TOKEN);
        Type sentence = cas.getTypeSystem().getType(SENTENCE);
        List<List<AnnotationFS>> sentences = new ArrayList<>();
        if (sentence == null || cas.getAnnotationIndex(sentence).size() == 0) {
            sentences.add(tokensIn(cas.<Annotation>select(token).asList(), begin, end));
        } else {
            for (Annotation s : cas.<Annotation>select(sentence)) {
                if (s.getEnd() > begin && s.getBegin() < end) {
                    sentences.add(
                            tokensIn(cas.<Annotation>select(token).coveredBy(s).asList(), begin, end));
                }
            }
        }
        sentences.removeIf(List::isEmpty);
        return sentences;
    }

    private static List<AnnotationFS> tokensIn(List<? extends AnnotationFS> tokens, int begin, int end) {
        List<AnnotationFS> inside = new ArrayList<>();
        for (AnnotationFS token : tokens) {
            if (token.getBegin() >= begin
                    && token.getEnd() <= end
                    && !token.getCoveredText().isBlank()) {
                inside.add(token);
            }
        }
        return inside;
    }

    /**
     * The layer predictions are written to, checked: it has the label feature and INCEpTION's prediction flag.
     *
     * @throws HttpError 400 naming what is missing
     */
    Layer layer(String layerName, String featureName) {
        Type layer = type(layerName, "metadata.layer " + layerName + " is not a type of the type system");
        if (!cas.getTypeSystem().subsumes(cas.getAnnotationType(), layer)) {
            throw HttpError.badRequest("metadata.layer " + layerName + " is not an annotation type");
        }
        Feature label = layer.getFeatureByBaseName(featureName);
        if (label == null || !label.getRange().getName().equals(CAS.TYPE_NAME_STRING)) {
            throw HttpError.badRequest("metadata.feature " + featureName + " is not a string feature of " + layerName);
        }
        Feature predicted = layer.getFeatureByBaseName(PREDICTED);
        if (predicted == null) {
            throw HttpError.badRequest(layerName + " has no feature " + PREDICTED
                    + ", which INCEpTION adds to mark predictions: send the type system INCEpTION sends");
        }
        return new Layer(layer, label, layer.getFeatureByBaseName(featureName + "_score"), predicted);
    }

    /**
     * Adds a prediction.
     *
     * @param layer where
     * @param begin its first character (UTF-16 offset into the document)
     * @param end the offset after its last character
     * @param label its label
     * @param score its score, written where the layer has a score feature
     */
    void predict(Layer layer, int begin, int end, String label, double score) {
        AnnotationFS annotation = cas.createAnnotation(layer.type(), begin, end);
        annotation.setStringValue(layer.label(), label);
        if (layer.score() != null) {
            annotation.setDoubleValue(layer.score(), score);
        }
        annotation.setBooleanValue(layer.predicted(), true);
        cas.addFsToIndexes(annotation);
    }

    /**
     * The annotations of a layer that the user made: those with a label, not those INCEpTION marks as predictions.
     *
     * @param layer the layer
     * @return each annotation's offsets and label, in the CAS's order
     */
    List<EntityAlignment.Entity> annotations(Layer layer) {
        List<EntityAlignment.Entity> annotations = new ArrayList<>();
        for (Annotation annotation : cas.<Annotation>select(layer.type())) {
            String label = annotation.getStringValue(layer.label());
            if (label != null && !label.isBlank() && !annotation.getBooleanValue(layer.predicted())) {
                annotations.add(new EntityAlignment.Entity(annotation.getBegin(), annotation.getEnd(), label));
            }
        }
        return annotations;
    }

    /** The document's length, in UTF-16 code units. */
    int length() {
        String text = cas.getDocumentText();
        return text == null ? 0 : text.length();
    }

    /** The whole CAS, predictions included, as XMI. */
    String xmi() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XmiCasSerializer.serialize(cas, out);
        } catch (SAXException e) {
            throw new IllegalStateException("cannot write the CAS as XMI", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private Type type(String name, String missing) {
        Type type = cas.getTypeSystem().getType(name);
        if (type == null) {
            throw HttpError.badRequest(missing);
        }
        return type;
    }

    /**
     * The layer predictions go to, and its features.
     *
     * @param type the layer
     * @param label the label feature
     * @param score the score feature, or null where the layer has none
     * @param predicted INCEpTION's prediction flag
     */
    record Layer(Type type, Feature label, Feature score, Feature predicted) {}
}
