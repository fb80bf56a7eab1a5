package io.github.bertner.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reading request bodies and writing answers as JSON, with 400s that name the field at fault. */
final class JsonRequests {
    /**
     * Bodies are bounded by {@code --max-body}, so no string in them needs a limit of its own: Jackson's default
     * (20,000,000 characters) would refuse an INCEpTION document's XMI well inside the body limit.
     */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonRequests() {}

    /**
     * Parses a body that must be a JSON object.
     *
     * @throws HttpError 400 naming what is wrong, with the line and column
     */
    static JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(utf8(body));
        } catch (StreamConstraintsException e) {
            throw HttpError.badRequest("the body is not JSON this service reads: " + constraint(e) + where(e));
        } catch (MismatchedInputException e) {
            if (!e.getOriginalMessage().startsWith("Trailing token")) {
                throw HttpError.badRequest("the body is not valid JSON: " + reason(e) + where(e));
            }
            throw HttpError.badRequest("the body has more after its JSON value" + where(e));
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + reason(e) + where(e));
        }
        if (node == null || !node.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    /**
     * The body as text, refused unless it is UTF-8 (overlong forms and lone surrogates included), with the offset of
     * the first byte that is not. UTF-8 never has more characters than bytes, so one buffer of the body's length
     * holds it all.
     */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        if (decoder.decode(in, out, true).isError()) {
            throw HttpError.badRequest(String.format(
                    Locale.ROOT,
                    "the body is not UTF-8: byte 0x%02X at offset %d",
                    body[in.position()] & 0xff,
                    in.position()));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Jackson's reason without its source excerpt and its advice about its own settings. */
    private static String reason(JsonProcessingException e) {
        return e.getOriginalMessage()
                .replaceAll(
                        "\\(start marker at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)",
                        "(opened at line $1, column $2)")
                .replaceAll("\\s*\\[Source: [^\\]]*\\]", "")
                .replaceAll("\\s*\\([^()]*`[A-Za-z]+Feature[.A-Z_]*`[^()]*\\)", "")
                .strip();
    }

    /** Which of the parser's bounds on nesting and on the length of numbers and names a body passed. */
    private static String constraint(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "it nests objects and arrays more than " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " deep";
        }
        if (message.contains("Number value length")) {
            return "a number is longer than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " characters";
        }
        if (message.contains("Name length")) {
            return "a field name is longer than " + StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters";
        }
        return reason(e);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    /** Writes a value as a JSON answer. */
    static Answer answer(Object value) {
        try {
            return Answer.json(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    /**
     * A string field.
     *
     * @throws HttpError 400 if it is missing or not a string
     */
    /**
     * An identifier that a client may send as a string or as an integer, such as INCEpTION's {@code userId}.
     *
     * @return its text, or empty where the field is missing, null or neither
     */
    static Optional<String> identifier(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isTextual() || node.isIntegralNumber() ? Optional.of(node.asText()) : Optional.empty();
    }

    static String string(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw HttpError.badRequest(path + " must be a string");
        }
        return unicode(node.textValue(), path);
    }

    /**
     * A string as it came, refused if a JSON escape made a lone surrogate of it ({@code "\\ud800"}): that is no
     * Unicode text, and no answer could say it back.
     */
    private static String unicode(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw HttpError.badRequest(String.format(
                        Locale.ROOT,
                        "%s has a lone surrogate \\u%04x at UTF-16 offset %d: not Unicode text",
                        path,
                        (int) c,
                        i));
            }
        }
        return text;
    }

    /**
     * An array of strings.
     *
     * @throws HttpError 400 naming the first element that is not a string
     */
    static List<String> strings(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw HttpError.badRequest(path + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw HttpError.badRequest(path + "[" + i + "] must be a string");
            }
            strings.add(unicode(node.get(i).textValue(), path + "[" + i + "]"));
        }
        return strings;
    }

    /**
     * Refuses a field the route does not know, so that a misspelled option ({@code lables}) is not silently dropped.
     *
     * @param object the object
     * @param path its path in the body, for the message ({@code ""} for the body itself)
     * @param known the fields it may have
     * @throws HttpError 400 naming the first unknown field and the known ones
     */
    static void refuseUnknownFields(JsonNode object, String path, List<String> known) {
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!known.contains(field)) {
                throw HttpError.badRequest(
                        "unknown field \"" + path + field + "\"; the fields here are " + String.join(", ", known));
            }
        }
    }
}
