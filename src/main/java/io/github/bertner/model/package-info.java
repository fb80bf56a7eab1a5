/**
 * Model files: locating the ONNX graph, reading {@code config.json} and {@code gliner_config.json}, models on the class path, and {@link io.github.bertner.model.StagedDirectory}, through which every model directory is written. No API.
 */
package io.github.bertner.model;
