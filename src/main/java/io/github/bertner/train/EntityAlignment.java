package io.github.bertner.train;

import io.github.bertner.TokenSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a document's annotated entities, given as character offsets, on its tokens, as training data needs them: each
 * entity on the tokens it overlaps, in the sentence where it begins. An entity that begins or ends inside a token
 * takes the whole token and is counted as aligned; one that covers no token, reaches into the next sentence, or
 * shares a token with an entity before it is skipped and counted.
 */
public final class EntityAlignment {
    private EntityAlignment() {}

    /**
     * An annotated entity.
     *
     * @param begin its first character (UTF-16 offset into the document)
     * @param end the offset after its last character
     * @param type its type, the label learnt
     */
    public record Entity(int begin, int end, String type) {}

    /**
     * A sentence's tokens.
     *
     * @param begins each token's first character (UTF-16 offset into the document), in order
     * @param ends the offset after each token's last character
     */
    public record TokenOffsets(int[] begins, int[] ends) {
        /** Checks that there is an end for every begin. */
        public TokenOffsets {
            if (begins.length != ends.length) {
                throw new IllegalArgumentException(begins.length + " token begins but " + ends.length + " ends");
            }
            begins = begins.clone();
            ends = ends.clone();
        }

        int begin() {
            return begins.length == 0 ? Integer.MAX_VALUE : begins[0];
        }

        int end() {
            return ends.length == 0 ? Integer.MIN_VALUE : ends[ends.length - 1];
        }
    }

    /**
     * The entities on the tokens.
     *
     * @param spans per sentence, its entities over token indexes ({@code start} inclusive, {@code end} exclusive;
     *     score 1)
     * @param aligned entities that began or ended inside a token and were widened to it
     * @param skipped entities left out: on no token, across sentences, or overlapping another
     */
    public record Aligned(List<List<TokenSpan>> spans, int aligned, int skipped) {
        /** Copies the spans. */
        public Aligned {
            spans = spans.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Aligns a document's entities to its sentences' tokens.
     *
     * @param sentences the sentences, in order, their tokens in order
     * @param entities the entities, in any order
     * @return the entities of each sentence, and what was widened or skipped
     */
    public static Aligned align(List<TokenOffsets> sentences, List<Entity> entities) {
        List<List<TokenSpan>> spans = new ArrayList<>();
        List<boolean[]> taken = new ArrayList<>();
        for (TokenOffsets sentence : sentences) {
            spans.add(new ArrayList<>());
            taken.add(new boolean[sentence.begins().length]);
        }
        int aligned = 0;
        int skipped = 0;
        List<Entity> ordered = new ArrayList<>(entities);
        ordered.sort(Comparator.comparingInt(Entity::begin).thenComparingInt(entity -> -entity.end()));
        for (Entity entity : ordered) {
            int s = sentenceOf(sentences, entity);
            if (s < 0) {
                skipped++;
                continue;
            }
            TokenOffsets sentence = sentences.get(s);
            int first = -1;
            int last = -1;
            for (int t = 0; t < sentence.begins.length; t++) {
                if (sentence.begins[t] < entity.end() && sentence.ends[t] > entity.begin()) {
                    first = first < 0 ? t : first;
                    last = t;
                }
            }
            if (first < 0 || overlapsTaken(taken.get(s), first, last)) {
                skipped++;
                continue;
            }
            for (int t = first; t <= last; t++) {
                taken.get(s)[t] = true;
            }
            spans.get(s).add(new TokenSpan(first, last + 1, entity.type(), 1));
            boolean widened = sentence.begins[first] != entity.begin() || sentence.ends[last] != entity.end();
            aligned += widened ? 1 : 0;
        }
        spans.forEach(list -> list.sort(Comparator.comparingInt(TokenSpan::start)));
        return new Aligned(spans, aligned, skipped);
    }

    /** The sentence an entity lies in: the one where it begins (or the first it reaches); -1 if it lies in none. */
    private static int sentenceOf(List<TokenOffsets> sentences, Entity entity) {
        for (int s = 0; s < sentences.size(); s++) {
            TokenOffsets sentence = sentences.get(s);
            if (sentence.end() > entity.begin() && sentence.begin() < entity.end()) {
                boolean inside = entity.end() <= sentence.end()
                        || s + 1 == sentences.size()
                        || sentences.get(s + 1).begin() >= entity.end();
                return inside ? s : -1;
            }
        }
        return -1;
    }

    private static boolean overlapsTaken(boolean[] taken, int first, int last) {
        for (int t = first; t <= last; t++) {
            if (taken[t]) {
                return true;
            }
        }
        return false;
    }
}
