/**
 * {@code bert-ner serve}: an HTTP service over one or more models, on Jetty. It speaks INCEpTION's external
 * recommender protocol ({@code POST /{model}/predict}, {@code /train}), a plain JSON API
 * ({@code POST /v1/models/{model}/entities}, {@code GET /v1/models}) and the Hugging Face Inference API's shape for
 * token classification ({@code POST /models/{model}}), with health checks and Prometheus metrics. Concurrent requests
 * to one model share ONNX Runtime runs ({@link io.github.bertner.serve.BatchQueue}). Jetty and the Prometheus client
 * are optional dependencies: a library user who embeds {@link io.github.bertner.serve.NerServer} adds them.
 */
package io.github.bertner.serve;
