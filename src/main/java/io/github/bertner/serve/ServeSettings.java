package io.github.bertner.serve;

import io.github.bertner.EntityTypes;
import io.github.bertner.internal.Arguments;
import java.time.Duration;
import java.util.Map;

/**
 * How {@link NerServer} listens, queues and labels.
 *
 * @param host the address to bind, {@code 127.0.0.1} unless the service should be reachable from other machines
 * @param port the port; 0 for any free one ({@link NerServer#uri()} says which)
 * @param maxQueue requests waiting for one model beyond which a request is answered 503 at once
 * @param requestTimeout how long a request may take, from its arrival to its answer (503 after it); with 5 s more,
 *     how long a connection may stay silent
 * @param maxBodyBytes the largest request body, in bytes (413 above it)
 * @param batchSize texts (or sentences) after which a batch of queued requests closes and runs
 * @param batchWait how long a batch waits for more requests before it runs with what it has
 * @param labelMap model labels renamed in INCEpTION's answers (MISC to OTH: INCEpTION's default tagset has no MISC)
 * @param defaultTypes the entity types a request gets when it names none ({@link EntityTypes#model()} to find a
 *     token classifier's own)
 */
public record ServeSettings(
        String host,
        int port,
        int maxQueue,
        Duration requestTimeout,
        long maxBodyBytes,
        int batchSize,
        Duration batchWait,
        Map<String, String> labelMap,
        EntityTypes defaultTypes) {

    /** The default address: this machine only. */
    public static final String LOCALHOST = "127.0.0.1";

    /** The default port, the one INCEpTION's documentation and the Python reference server use. */
    public static final int DEFAULT_PORT = 5000;

    /** Checks the settings. */
    public ServeSettings {
        Arguments.require(host, "host");
        Arguments.require(requestTimeout, "requestTimeout");
        Arguments.require(batchWait, "batchWait");
        Arguments.require(defaultTypes, "defaultTypes");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxQueue < 1 || batchSize < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxQueue, batchSize and maxBodyBytes must be at least 1");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || batchWait.isNegative()) {
            throw new IllegalArgumentException("requestTimeout must be positive and batchWait not negative");
        }
        labelMap = Map.copyOf(Arguments.require(labelMap, "labelMap"));
    }

    /**
     * These settings on another port.
     *
     * @param other the port; 0 for any free one
     * @return the settings, with that port
     */
    public ServeSettings withPort(int other) {
        return new ServeSettings(
                host, other, maxQueue, requestTimeout, maxBodyBytes, batchSize, batchWait, labelMap, defaultTypes);
    }

    /**
     * The defaults: 127.0.0.1:5000, 256 queued requests per model, 30 s per request (INCEpTION's own read timeout),
     * bodies up to 64 MiB, batches of 32 texts or 5 ms, MISC labelled OTH, each model's own entity types.
     *
     * @return the default settings
     */
    public static ServeSettings defaults() {
        return new ServeSettings(
                LOCALHOST,
                DEFAULT_PORT,
                256,
                Duration.ofSeconds(30),
                64L << 20,
                32,
                Duration.ofMillis(5),
                Map.of("MISC", "OTH"),
                EntityTypes.model());
    }
}
