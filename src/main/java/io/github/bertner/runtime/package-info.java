/**
 * ONNX Runtime for every kind of model: sessions and their options, {@link io.github.bertner.runtime.BatchRunner} and the run scheduler (batching, concurrency limits, interrupts), the calls in flight, int8 checks and the processor's features. No API.
 */
package io.github.bertner.runtime;
