package io.github.bertner.serve;

import java.time.Duration;
import java.util.Optional;

/**
 * A response to write.
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the body
 * @param retryAfter for a 503, when to try again; null otherwise
 */
record Answer(int status, String contentType, String body, Duration retryAfter) {
    static final String JSON = "application/json";

    /** A response without {@code Retry-After}. */
    Answer(int status, String contentType, String body) {
        this(status, contentType, body, null);
    }

    static Answer json(String body) {
        return new Answer(200, JSON, body);
    }

    static Answer noContent() {
        return new Answer(204, JSON, "");
    }

    /** The same body with another status. */
    Answer withStatus(int code, Duration retry) {
        return new Answer(code, contentType, body, retry);
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    Optional<String> retryAfterSeconds() {
        return Optional.ofNullable(retryAfter).map(d -> Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
    }
}
