package io.github.bertner.zeroshot;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The groups a call's entity types are asked in. GLiNER puts every type into one prompt before the text, so that many
 * types push the text out of the encoder's reach and nothing is found; here a prompt takes at most half of the
 * encoder's positions. Types that fit are asked together, exactly as in GLiNER; more are split, in the caller's order,
 * into groups each as large as fits, and the spans of all groups are decoded together.
 */
final class TypeGroups {
    private TypeGroups() {}

    /**
     * The groups, as indices of the types.
     *
     * @param names the types
     * @param typeTokens the sub-tokens each type adds to a prompt (its marker and its name)
     * @param budget the most sub-tokens a prompt may take, its separator included
     * @throws IllegalArgumentException naming a type whose name alone takes more than the budget
     */
    static List<int[]> of(List<String> names, int[] typeTokens, int budget) {
        if (1 + IntStream.of(typeTokens).sum() <= budget) {
            return List.of(IntStream.range(0, names.size()).toArray());
        }
        List<int[]> groups = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        int tokens = 1;
        for (int t = 0; t < names.size(); t++) {
            if (1 + typeTokens[t] > budget) {
                throw new IllegalArgumentException("entity type \"" + names.get(t) + "\" takes " + typeTokens[t]
                        + " sub-tokens, more than the " + (budget - 1) + " a prompt may take: name it in fewer words");
            }
            if (!group.isEmpty() && tokens + typeTokens[t] > budget) {
                groups.add(group.stream().mapToInt(Integer::intValue).toArray());
                group.clear();
                tokens = 1;
            }
            group.add(t);
            tokens += typeTokens[t];
        }
        groups.add(group.stream().mapToInt(Integer::intValue).toArray());
        return groups;
    }
}
