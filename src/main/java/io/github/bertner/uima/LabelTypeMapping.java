package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.TypeSystemDescription;

/**
 * Which UIMA type an entity label becomes, read from a mapping in DKPro Core's {@code .map} format: a
 * Java properties file with one {@code LABEL=type} line per label (for example
 * {@code PER=de.tudarmstadt.ukp.dkpro.core.api.ner.type.Person}) and a mandatory fallback line
 * {@code *=type} for every other label. Keys starting with {@code __META_} (DKPro's tag set metadata)
 * are ignored. Every type must be {@link NamedEntity} or one of its subtypes.
 */
final class LabelTypeMapping {
    /** The key of the fallback line. */
    static final String FALLBACK = "*";

    private static final String META_PREFIX = "__META_";
    private static final String NAMED_ENTITY = NamedEntity.class.getName();

    private final Map<String, String> typeNames;
    private final String fallback;
    private final String source;

    private LabelTypeMapping(Map<String, String> typeNames, String fallback, String source) {
        this.typeNames = Collections.unmodifiableMap(new TreeMap<>(typeNames));
        this.fallback = fallback;
        this.source = source;
    }

    /** The mapping used when none is given: every label becomes a {@link NamedEntity}. */
    static LabelTypeMapping allNamedEntity() {
        return new LabelTypeMapping(Map.of(), NAMED_ENTITY, "the default (every label a NamedEntity)");
    }

    /**
     * Reads a mapping.
     *
     * @param location a file path, or {@code classpath:} followed by a resource path; a path that is no
     *     file is also tried as a resource path
     * @throws ResourceInitializationException if it cannot be read, has no {@code *} line, or names an
     *     empty type
     */
    static LabelTypeMapping load(String location) throws ResourceInitializationException {
        try {
            return parse(PropertiesResources.read(location), location);
        } catch (IOException | IllegalArgumentException e) {
            throw UimaErrors.initialization("cannot read the label mapping " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds a mapping from parsed {@code .map} lines.
     *
     * @param source where the lines come from, for messages
     * @throws ResourceInitializationException if there is no {@code *} line or a type is empty
     */
    static LabelTypeMapping parse(Properties lines, String source) throws ResourceInitializationException {
        Map<String, String> typeNames = new LinkedHashMap<>();
        for (String label : lines.stringPropertyNames()) {
            String type = lines.getProperty(label).trim();
            if (label.startsWith(META_PREFIX)) {
                continue;
            }
            if (type.isEmpty()) {
                throw UimaErrors.initialization("label mapping " + source + ": label '" + label + "' maps to no type");
            }
            typeNames.put(label, type);
        }
        String fallback = typeNames.remove(FALLBACK);
        if (fallback == null) {
            throw UimaErrors.initialization("label mapping " + source + " has no fallback line '*=<type>' (for example "
                    + "*=" + NAMED_ENTITY + "); every label the model may emit needs a type");
        }
        return new LabelTypeMapping(typeNames, fallback, source);
    }

    /**
     * The type name for a label.
     *
     * @param label an entity label without BIO prefix
     * @return its type, or the fallback type
     */
    String typeNameFor(String label) {
        return typeNames.getOrDefault(label, fallback);
    }

    /**
     * Checks, before any CAS exists, that every type is known: a JCas class on the classpath or a type in a
     * type system that uimaFIT detects ({@code META-INF/org.apache.uima.fit/types.txt}).
     *
     * @throws ResourceInitializationException naming the first unknown type
     */
    void checkTypesKnown(ClassLoader classLoader) throws ResourceInitializationException {
        TypeSystemDescription detected = TypeSystemDescriptionFactory.createTypeSystemDescription();
        for (Map.Entry<String, String> line : lines().entrySet()) {
            String type = line.getValue();
            if (detected.getType(type) == null && !isClass(type, classLoader)) {
                throw unknownType(line.getKey(), type);
            }
        }
    }

    /**
     * Resolves every type in a CAS type system.
     *
     * @return label to type, with the fallback under {@link #FALLBACK}
     * @throws ResourceInitializationException if a type is missing or is no {@link NamedEntity}
     */
    Map<String, Type> resolve(TypeSystem typeSystem) throws ResourceInitializationException {
        Type namedEntity = typeSystem.getType(NAMED_ENTITY);
        if (namedEntity == null) {
            throw UimaErrors.initialization("the CAS type system has no " + NAMED_ENTITY
                    + "; add DKPro Core's type system desc.type.NamedEntity");
        }
        Map<String, Type> types = new LinkedHashMap<>();
        for (Map.Entry<String, String> line : lines().entrySet()) {
            Type type = typeSystem.getType(line.getValue());
            if (type == null) {
                throw unknownType(line.getKey(), line.getValue());
            }
            if (!typeSystem.subsumes(namedEntity, type)) {
                throw UimaErrors.initialization("label mapping " + source + ": type " + type.getName() + " (for label '"
                        + line.getKey() + "') is not " + NAMED_ENTITY + " or one of its subtypes");
            }
            types.put(line.getKey(), type);
        }
        return types;
    }

    private Map<String, String> lines() {
        Map<String, String> all = new LinkedHashMap<>(typeNames);
        all.put(FALLBACK, fallback);
        return all;
    }

    private ResourceInitializationException unknownType(String label, String type) {
        return UimaErrors.initialization("label mapping " + source + ": unknown UIMA type '" + type + "' for label '"
                + label + "' (no JCas class, and not in the type systems found)");
    }

    private static boolean isClass(String name, ClassLoader classLoader) {
        try {
            Class.forName(name, false, classLoader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
