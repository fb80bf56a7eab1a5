/**
 * Apache UIMA and DKPro Core adapter: {@link io.github.bertner.uima.BertNamedEntityRecognizer}, a uimaFIT
 * analysis engine that reads DKPro Core {@code Sentence} and {@code Token} annotations and writes DKPro Core
 * {@code NamedEntity} annotations (UTF-16 character offsets of the covered tokens, label in {@code value}),
 * and {@link io.github.bertner.uima.BertTaggerResource}, an external resource that shares one model among
 * all engines bound to it. The generated XML descriptors are in the project's {@code descriptors/} folder;
 * {@code docs/uima.md} describes both routes.
 */
package io.github.bertner.uima;
