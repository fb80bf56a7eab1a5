package io.github.bertner.serve;

import io.github.bertner.ModelLocation;
import io.github.bertner.internal.Arguments;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model the service hosts: the name in its routes ({@code /danish/predict}) and where it is.
 *
 * @param name the name in the routes: letters, digits, {@code .}, {@code _} and {@code -}
 * @param location where the model is (a directory, {@code hf:ORG/NAME}, {@code classpath:PATH})
 */
public record NamedModel(String name, ModelLocation location) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Set<String> RESERVED = Set.of("v1", "models", "health", "metrics");

    /** Checks the name. */
    public NamedModel {
        Arguments.require(name, "name");
        Arguments.require(location, "location");
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("model name '" + name
                    + "' may only have letters, digits, '.', '_' and '-' (it becomes part of URLs)");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("model name '" + name + "' is taken by a route; choose another");
        }
    }

    /**
     * Parses {@code NAME=LOCATION}, or a bare {@code LOCATION} named after its last path segment
     * ({@code hf:Maltehb/danish-bert-botxo-ner-dane} is {@code danish-bert-botxo-ner-dane}).
     *
     * @param text the option value
     * @return the source
     * @throws IllegalArgumentException if the name or location is invalid
     */
    public static NamedModel parse(String text) {
        Arguments.require(text, "text");
        int equals = text.indexOf('=');
        if (equals > 0 && NAME.matcher(text.substring(0, equals)).matches()) {
            return new NamedModel(text.substring(0, equals), ModelLocation.parse(text.substring(equals + 1)));
        }
        return new NamedModel(defaultName(text), ModelLocation.parse(text));
    }

    private static String defaultName(String location) {
        String path = location.replaceFirst("@[^/]*$", "").replaceAll("[/\\\\]+$", "");
        String last = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        return last.substring(last.indexOf(':') + 1);
    }
}
