/**
 * Apache OpenNLP adapter: {@link io.github.bertner.opennlp.BertNameFinder}, a
 * {@link opennlp.tools.namefind.TokenNameFinder} over a shared {@link io.github.bertner.Recognizer}, which
 * returns spans over token indices as the interface's contract says; {@link
 * io.github.bertner.opennlp.CharacterSpans} to map those spans to character offsets of the text a
 * tokenizer split; and {@link io.github.bertner.opennlp.ConllNameSampleStream}, which reads CoNLL-style
 * BIO files as {@link opennlp.tools.namefind.NameSample}s for OpenNLP's evaluators.
 */
package io.github.bertner.opennlp;
