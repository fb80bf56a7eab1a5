/**
 * Zero-shot named-entity recognition with GLiNER span models: {@link io.github.bertner.zeroshot.SpanRecognizer} finds
 * entity types named at each call, with GLiNER's own inference, in windows where GLiNER would truncate. It implements
 * {@link io.github.bertner.Recognizer}, as the fine-tuned {@link io.github.bertner.Tagger} does, so that every adapter
 * runs either kind of model.
 */
package io.github.bertner.zeroshot;
