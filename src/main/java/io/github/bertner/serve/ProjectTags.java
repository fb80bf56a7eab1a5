package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The tags of an INCEpTION project's tagsets (the {@code tagsets} of a predict request) for one layer's feature. */
final class ProjectTags {
    private ProjectTags() {}

    /**
     * A tag and how a zero-shot model is asked for it.
     *
     * @param tag the tag, as the project spells it ({@code PER})
     * @param prompt what the model is asked for: the description's words before its first {@code :} or {@code .}
     *     ({@code Person}), or the tag where it has no description
     */
    record Tag(String tag, String prompt) {}

    /**
     * The tags of the tagsets whose targets include the layer's feature.
     *
     * @param tagsets the request's {@code tagsets}, or a missing node (INCEpTION before 41 sends none)
     * @param layer the layer's type name
     * @param feature the feature's name
     * @return the tags, in the tagsets' order; empty when none targets the feature
     */
    static List<Tag> of(JsonNode tagsets, String layer, String feature) {
        List<Tag> tags = new ArrayList<>();
        for (JsonNode tagset : tagsets) {
            if (targets(tagset, layer, feature)) {
                for (JsonNode tag : tagset.path("tags")) {
                    String name = tag.path("tag").asText("");
                    if (!name.isBlank()) {
                        tags.add(new Tag(
                                name, prompt(name, tag.path("description").asText(""))));
                    }
                }
            }
        }
        return tags;
    }

    private static boolean targets(JsonNode tagset, String layer, String feature) {
        for (JsonNode target : tagset.path("targets")) {
            if (layer.equals(target.path("type").asText())
                    && feature.equals(target.path("feature").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String prompt(String tag, String description) {
        String words = description.split("[:.]", 2)[0].strip();
        return words.isEmpty() ? tag : words;
    }
}
