/**
 * Resolving a {@link io.github.bertner.ModelLocation} to a model directory (fetched from the Hub, extracted, converted) and loading it as the kind it holds: the implementation behind {@link io.github.bertner.Recognizers}. No API.
 */
package io.github.bertner.loader;
