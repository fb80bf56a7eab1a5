package io.github.bertner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON and text files of model and checkpoint directories, with errors that name the file. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {}

    public static String readText(Path file) throws ModelLoadException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read as UTF-8 text: " + e.getMessage(), e);
        }
    }

    public static JsonNode readObject(Path file) throws ModelLoadException {
        return parseObject(file, readText(file));
    }

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
