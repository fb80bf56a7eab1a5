package io.github.bertner.options;

/**
 * The logging defaults of the command-line programs (the {@code bert-ner} command and the Spark job) with
 * SLF4J's simple logger: warnings and errors only, on standard error, and DJL's GPU probe silenced. A
 * system property the user set wins.
 */
public final class CommandLineLogging {
    private CommandLineLogging() {}

    /** Sets the defaults that the user has not set. */
    public static void quiet() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "error");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    }

    /**
     * Shows a logger's informational lines too, unless the user set its level: for a service, whose events (a model
     * loaded, a training ended) its operator reads in the log.
     *
     * @param logger the logger's name, or a package's
     */
    public static void inform(String logger) {
        setIfAbsent("org.slf4j.simpleLogger.log." + logger, "info");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
