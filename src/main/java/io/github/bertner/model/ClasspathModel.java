package io.github.bertner.model;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A model directory on the class path (such as the demo model inside the jar: a checkpoint, converted after the copy),
 * copied to the conversion cache on first use, because ONNX Runtime, the converter and the tokenizer read files. The copy is keyed by the files' contents, so a
 * new jar with another model gets a new copy; it appears complete or not at all.
 */
public final class ClasspathModel {
    private ClasspathModel() {}

    /**
     * The model's directory in the cache, copied there if it is not yet.
     *
     * @param resource the folder's resource path, such as {@code io/github/bertner/demo/danish-ner-mini}
     * @param cache the conversion cache
     * @return the copy
     * @throws ModelLoadException if no such folder is on the class path, or the copy cannot be written
     */
    public static Path resolve(String resource, Path cache) throws ModelLoadException {
        String folder = resource.endsWith("/") ? resource : resource + "/";
        List<String> files = files(folder);
        if (files.isEmpty()) {
            throw new ModelLoadException(
                    ModelLocation.CLASSPATH_PREFIX + resource, "no such model folder on the class path");
        }
        Path entry = cache.resolve("classpath").resolve(key(folder, files));
        if (Files.isDirectory(entry)) {
            return entry;
        }
        try (StagedDirectory staged = StagedDirectory.forCacheEntry(entry)) {
            for (String file : files) {
                try (InputStream in = open(folder + file)) {
                    staged.copy(in, file);
                }
            }
            staged.publish();
            return entry;
        } catch (IOException e) {
            if (Files.isDirectory(entry)) {
                return entry;
            }
            throw ModelLoadException.of(entry, "cannot be written (set BERT_NER_CACHE to a writable folder)", e);
        }
    }

    /** The names of the files in a class path folder, in a jar or a directory. */
    private static List<String> files(String folder) throws ModelLoadException {
        ClassLoader loader = ClasspathModel.class.getClassLoader();
        List<String> files = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements() && files.isEmpty()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("jar")) {
                    files.addAll(jarFiles((JarURLConnection) root.openConnection(), folder));
                } else if (root.getProtocol().equals("file")) {
                    files.addAll(directoryFiles(Path.of(root.toURI())));
                }
            }
        } catch (IOException | URISyntaxException | UncheckedIOException e) {
            throw new ModelLoadException(
                    ModelLocation.CLASSPATH_PREFIX + folder, "cannot be listed: " + e.getMessage(), e);
        }
        return files.stream().sorted().toList();
    }

    private static List<String> jarFiles(JarURLConnection connection, String folder) throws IOException {
        List<String> files = new ArrayList<>();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(folder)
                        && name.length() > folder.length()
                        && name.indexOf('/', folder.length()) < 0) {
                    files.add(name.substring(folder.length()));
                }
            }
        }
        return files;
    }

    private static List<String> directoryFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .map(path -> path.getFileName().toString())
                    .toList();
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = ClasspathModel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the class path");
        }
        return in;
    }

    /** The folder's name and a digest of its files' names and contents. */
    private static String key(String folder, List<String> files) throws ModelLoadException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : files) {
                digest.update((file + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(open(folder + file), digest)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            String name = Path.of(folder).getFileName().toString();
            return name + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new ModelLoadException(
                    ModelLocation.CLASSPATH_PREFIX + folder, "cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
