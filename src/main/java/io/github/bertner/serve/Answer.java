package io.github.bertner.serve;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to write.
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the body
 * @param headers other headers, by name ({@code Retry-After}, {@code Allow})
 */
record Answer(int status, String contentType, String body, Map<String, String> headers) {
    static final String JSON = "application/json";

    /** Copies the headers. */
    Answer {
        headers = Map.copyOf(headers);
    }

    /** A response without other headers. */
    Answer(int status, String contentType, String body) {
        this(status, contentType, body, Map.of());
    }

    static Answer json(String body) {
        return new Answer(200, JSON, body);
    }

    static Answer noContent() {
        return new Answer(204, JSON, "");
    }

    /**
     * The same body with another status and headers.
     *
     * @param code the status
     * @param retryAfter for a 503, when to try again; null for none
     * @param allow for a 405, the methods the route takes; null for none
     */
    Answer withStatus(int code, Duration retryAfter, String allow) {
        Map<String, String> more = new LinkedHashMap<>();
        if (retryAfter != null) {
            more.put("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        if (allow != null) {
            more.put("Allow", allow);
        }
        return new Answer(code, contentType, body, more);
    }
}
