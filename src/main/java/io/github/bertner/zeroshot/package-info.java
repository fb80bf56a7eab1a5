/**
 * Zero-shot named-entity recognition with GLiNER span models: {@link io.github.bertner.zeroshot.SpanRecognizer} finds
 * entity types named at each call, with GLiNER's own inference, in windows where GLiNER would truncate. It implements
 * {@link io.github.bertner.Recognizer}, as the fine-tuned token classifier does, so that every adapter runs either kind
 * of model. No API: load models with {@link io.github.bertner.Recognizers}.
 */
package io.github.bertner.zeroshot;
