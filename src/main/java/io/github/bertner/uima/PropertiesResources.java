package io.github.bertner.uima;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Properties;

/** Reads the {@code key=value} files of the UIMA components from a file path or a {@code classpath:} resource. */
final class PropertiesResources {
    /** The prefix of a classpath location. */
    static final String CLASSPATH = "classpath:";

    private PropertiesResources() {}

    /**
     * Reads a properties file as UTF-8.
     *
     * @param location a file path, or {@code classpath:} followed by a resource path; a path that is no
     *     file is also tried as a resource path
     * @throws IOException if it is neither a readable file nor a resource
     */
    static Properties read(String location) throws IOException {
        try (InputStream in = open(location);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Properties lines = new Properties();
            lines.load(reader);
            return lines;
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            return resource(location.substring(CLASSPATH.length()), location);
        }
        Path file = asPath(location);
        if (file != null && Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        return resource(location, location);
    }

    /** The location as a file path, or null where it cannot be one (then it can only be a resource). */
    private static Path asPath(String location) {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static InputStream resource(String path, String location) throws IOException {
        String name = path.startsWith("/") ? path.substring(1) : path;
        for (ClassLoader loader : new ClassLoader[] {
            Thread.currentThread().getContextClassLoader(), PropertiesResources.class.getClassLoader()
        }) {
            InputStream in = loader == null ? null : loader.getResourceAsStream(name);
            if (in != null) {
                return in;
            }
        }
        throw new IOException("no such file, and no such resource on the classpath: " + location);
    }
}
