package io.github.bertner.serve;

import java.time.Duration;
import java.util.Optional;

/** A request that gets an error status, with the reason the client is told (one line, no stack trace). */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;
    private final String allow;

    private HttpError(int status, String reason, Duration retryAfter, String allow) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.allow = allow;
    }

    /** 400: the request is malformed or asks for what the model cannot do. */
    static HttpError badRequest(String reason) {
        return new HttpError(400, reason, null, null);
    }

    /** 404: no such model or route. */
    static HttpError notFound(String reason) {
        return new HttpError(404, reason, null, null);
    }

    /**
     * 405: the route exists for other methods.
     *
     * @param allow the methods it takes, as the {@code Allow} header lists them
     */
    static HttpError methodNotAllowed(String reason, String allow) {
        return new HttpError(405, reason, null, allow);
    }

    /** 422: the request is well formed but cannot be done, and would not be on a retry. */
    static HttpError unprocessable(String reason) {
        return new HttpError(422, reason, null, null);
    }

    /** 429: the model is already training for this annotator (INCEpTION counts it as success). */
    static HttpError tooManyRequests(String reason) {
        return new HttpError(429, reason, null, null);
    }

    /** 503 with {@code Retry-After}: the model is loading, its queue is full, or the deadline passed in it. */
    static HttpError unavailable(String reason, Duration retryAfter) {
        return new HttpError(503, reason, retryAfter, null);
    }

    /** 500: the model failed on a request that looked valid. */
    static HttpError internal(String reason) {
        return new HttpError(500, reason, null, null);
    }

    int status() {
        return status;
    }

    /** How long the client should wait before trying again, for a 503. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The methods the route takes, for a 405. */
    Optional<String> allow() {
        return Optional.ofNullable(allow);
    }
}
