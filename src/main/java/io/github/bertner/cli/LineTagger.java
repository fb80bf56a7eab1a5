package io.github.bertner.cli;

import io.github.bertner.Entity;
import java.util.List;

/** Finds the entities of many lines at once, with UTF-16 offsets into each line. */
@FunctionalInterface
interface LineTagger {
    List<List<Entity>> tag(List<String> lines);
}
