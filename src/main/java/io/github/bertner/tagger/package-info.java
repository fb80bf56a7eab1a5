/**
 * The token-classification pipeline behind {@link io.github.bertner.Recognizer}: windows, batches, alignment to the caller's tokens and the Hugging Face pipeline's aggregation (docs/semantics.md). No API: load models with {@link io.github.bertner.Recognizers}.
 */
package io.github.bertner.tagger;
