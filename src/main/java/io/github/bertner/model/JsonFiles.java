package io.github.bertner.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON and text files of model and checkpoint directories, with errors that name the file. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {}

    /**
     * Reads a UTF-8 text file.
     *
     * @param file the file
     * @return its text
     * @throws ModelLoadException naming the file if it cannot be read
     */
    public static String readText(Path file) throws ModelLoadException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read as UTF-8 text: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file that holds one JSON object.
     *
     * @param file the file
     * @return the object
     * @throws ModelLoadException naming the file if it cannot be read or is not a JSON object
     */
    public static JsonNode readObject(Path file) throws ModelLoadException {
        return parseObject(file, readText(file));
    }

    /**
     * Parses JSON this process has read and checked before (a tokenizer definition it holds).
     *
     * @param text the JSON text
     * @return its tree
     * @throws IllegalStateException if the text is not JSON after all
     */
    public static JsonNode parseChecked(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON read before no longer parses: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses the text of a file that holds one JSON object.
     *
     * @param file the file, for messages
     * @param text its text
     * @return the object
     * @throws ModelLoadException naming the file if the text is not a JSON object
     */
    public static JsonNode parseObject(Path file, String text) throws ModelLoadException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(file, "is not a JSON object");
        }
        return root;
    }
}
