package io.github.bertner.serve;

import io.github.bertner.TokenSpan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.jcas.tcas.Annotation;
import org.apache.uima.resource.metadata.TypeDescription;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;

/**
 * A document as INCEpTION sends it: the project's type system (DKPro Core's, with the recommender features INCEpTION
 * adds to the named entity layer, and its CAS metadata type) and a CAS of it with tokens, sentences and annotations.
 */
final class InceptionDocument {
    static final String NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";
    static final String CAS_METADATA = "de.tudarmstadt.ukp.clarin.webanno.api.type.CASMetadata";

    final TypeSystemDescription typeSystem;
    final CAS cas;
    final int[][] begins;
    final int[][] ends;

    /** INCEpTION's {@code metadata} for the named entity layer's {@code value} feature, as it sends it. */
    static Map<String, Object> metadata() {
        return ServeFixture.object(
                "layer",
                NAMED_ENTITY,
                "feature",
                "value",
                "projectId",
                1,
                "anchoringMode",
                "tokens",
                "crossSentence",
                false);
    }

    InceptionDocument(String[][] sentences) throws Exception {
        typeSystem = TypeSystemDescriptionFactory.createTypeSystemDescription();
        TypeDescription entity = typeSystem.getType(NAMED_ENTITY);
        entity.addFeature(CasDocument.PREDICTED, "", CAS.TYPE_NAME_BOOLEAN);
        entity.addFeature("value_score", "", CAS.TYPE_NAME_DOUBLE);
        entity.addFeature("value_score_explanation", "", CAS.TYPE_NAME_STRING);
        entity.addFeature("value_correction", "", CAS.TYPE_NAME_BOOLEAN);
        entity.addFeature("value_correction_explanation", "", CAS.TYPE_NAME_STRING);
        entity.addFeature("value_auto_accept", "", CAS.TYPE_NAME_STRING);
        TypeDescription metadata = typeSystem.addType(CAS_METADATA, "", CAS.TYPE_NAME_ANNOTATION_BASE);
        metadata.addFeature("projectId", "", CAS.TYPE_NAME_LONG);
        metadata.addFeature("username", "", CAS.TYPE_NAME_STRING);
        cas = CasCreationUtils.createCas(typeSystem, null, null);
        begins = new int[sentences.length][];
        ends = new int[sentences.length][];
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < sentences.length; s++) {
            begins[s] = new int[sentences[s].length];
            ends[s] = new int[sentences[s].length];
            for (int t = 0; t < sentences[s].length; t++) {
                if (text.length() > 0) {
                    text.append(t == 0 ? "\n" : " ");
                }
                begins[s][t] = text.length();
                text.append(sentences[s][t]);
                ends[s][t] = text.length();
            }
        }
        cas.setDocumentText(text.toString());
        for (int s = 0; s < sentences.length; s++) {
            add(CasDocument.SENTENCE, begins[s][0], ends[s][sentences[s].length - 1]);
            for (int t = 0; t < sentences[s].length; t++) {
                add(CasDocument.TOKEN, begins[s][t], ends[s][t]);
            }
        }
        org.apache.uima.cas.FeatureStructure casMetadata =
                cas.createFS(cas.getTypeSystem().getType(CAS_METADATA));
        casMetadata.setLongValue(cas.getTypeSystem().getType(CAS_METADATA).getFeatureByBaseName("projectId"), 1);
        casMetadata.setStringValue(cas.getTypeSystem().getType(CAS_METADATA).getFeatureByBaseName("username"), "alice");
        cas.addFsToIndexes(casMetadata);
    }

    /** Adds an annotator's own entity over tokens {@code first..last} of a sentence. */
    void annotate(int sentence, int first, int last, String label) {
        add(NAMED_ENTITY, tokenBegin(sentence, first), tokenEnd(sentence, last))
                .setStringValue(feature("value"), label);
    }

    /** Adds an annotator's own entity over characters {@code [begin, end)}, which need not be a token's bounds. */
    void annotateCharacters(int begin, int end, String label) {
        add(NAMED_ENTITY, begin, end).setStringValue(feature("value"), label);
    }

    /** Adds a suggestion INCEpTION made earlier, which a training must not learn from. */
    void predicted(int sentence, int first, int last, String label) {
        AnnotationFS suggestion = add(NAMED_ENTITY, tokenBegin(sentence, first), tokenEnd(sentence, last));
        suggestion.setStringValue(feature("value"), label);
        suggestion.setBooleanValue(feature(CasDocument.PREDICTED), true);
    }

    private AnnotationFS add(String type, int begin, int end) {
        AnnotationFS annotation = cas.createAnnotation(cas.getTypeSystem().getType(type), begin, end);
        cas.addFsToIndexes(annotation);
        return annotation;
    }

    int tokenBegin(int sentence, int token) {
        return begins[sentence][token];
    }

    int tokenEnd(int sentence, int token) {
        return ends[sentence][token];
    }

    Feature feature(String name) {
        return cas.getTypeSystem().getType(NAMED_ENTITY).getFeatureByBaseName(name);
    }

    String typeSystemXml() throws Exception {
        StringWriter xml = new StringWriter();
        typeSystem.toXML(xml);
        return xml.toString();
    }

    String xmi() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XmiCasSerializer.serialize(cas, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads an answer as INCEpTION does: leniently, into a fresh CAS of the request's type system. */
    CAS readAnswer(String xmi) throws Exception {
        CAS received = CasCreationUtils.createCas(typeSystem, null, null);
        XmiCasDeserializer.deserialize(new ByteArrayInputStream(xmi.getBytes(StandardCharsets.UTF_8)), received, true);
        return received;
    }

    List<AnnotationFS> annotations(CAS in, String typeName) {
        Type type = in.getTypeSystem().getType(typeName);
        List<AnnotationFS> found = new ArrayList<>();
        if (in.getTypeSystem().subsumes(in.getAnnotationType(), type)) {
            in.<Annotation>select(type).forEach(found::add);
        } else {
            in.select(type).forEach(fs -> found.add(null));
        }
        return found;
    }

    /** Spans of a sentence's tokens from {@code offset} on, as labelled character ranges. */
    List<String> describe(int sentence, int offset, List<TokenSpan> spans, Map<String, String> labelMap) {
        List<String> described = new ArrayList<>();
        for (TokenSpan span : spans) {
            described.add(labelMap.getOrDefault(span.label(), span.label()) + "["
                    + tokenBegin(sentence, offset + span.start()) + ","
                    + tokenEnd(sentence, offset + span.end() - 1) + ")");
        }
        return described;
    }
}
