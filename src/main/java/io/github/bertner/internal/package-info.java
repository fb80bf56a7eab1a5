/**
 * Helpers with no dependency on the rest of bert-ner (argument checks, file locks). No API: they may change in any release.
 */
package io.github.bertner.internal;
