/**
 * The command-line options that configure a tagger, shared by the {@code bert-ner} command line and the
 * Spark job (picocli mixins); no library class depends on them.
 */
package io.github.bertner.options;
