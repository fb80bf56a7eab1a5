/**
 * bert-ner's API: {@link io.github.bertner.Recognizers} loads a model of either kind (a fine-tuned token classifier
 * or a zero-shot GLiNER span model) as a {@link io.github.bertner.Recognizer}, configured by
 * {@link io.github.bertner.RecognizerConfig}; every call names the {@link io.github.bertner.EntityTypes} it wants and
 * gets {@link io.github.bertner.Entity} (UTF-16 offsets into the text) or {@link io.github.bertner.TokenSpan} (token
 * indices) back. The adapters for OpenNLP, UIMA, Spark and the HTTP server are built on this package alone.
 */
package io.github.bertner;
