package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import io.redjay.keyspace.DictEntry;

/**
 * One element of a large sorted set. The node is at the same time the entry of the member-to-score hash table
 * (it extends {@link DictEntry}, whose key is the member), so an element costs one node rather than a skiplist node,
 * a map entry and a boxed score.
 *
 * <p>{@code forward(i)} is the next node on level i and {@code span(i)} how many level-0 steps that link jumps: summing
 * spans along a search path gives an element's rank, which is what makes ZRANK and ZRANGE by index O(log n).
 *
 * <p><b>Layout.</b> Level 0 lives in the node itself and only the levels above it in arrays, which three nodes in four
 * (those of level 1) do not have at all. A search is a chain of dependent memory loads whose cost is the number of
 * cache lines it touches: with the level-0 link inline, the most travelled level reads one object per step instead of a
 * node plus its link arrays, and a level-1 element takes about a third less memory. A level-0 link always jumps exactly
 * one element, so its span is a constant rather than stored (the span of a link to nothing is never read, so the tail
 * needs no exception).
 */
public final class SkipListNode extends DictEntry {
    private static final SkipListNode[] NO_LINKS = new SkipListNode[0];
    private static final int[] NO_SPANS = new int[0];
    /** A node object: member, chain, backward, next and the two level arrays; the hash and the score. */
    private static final long SHALLOW = HeapLayout.object(Integer.BYTES + Double.BYTES, 6);

    double score;
    SkipListNode backward;
    private SkipListNode next;
    private final SkipListNode[] upper;
    private final int[] upperSpan;

    SkipListNode(byte[] member, int hash, double score, int level) {
        super(member, hash);
        this.score = score;
        this.upper = level == 1 ? NO_LINKS : new SkipListNode[level - 1];
        this.upperSpan = level == 1 ? NO_SPANS : new int[level - 1];
    }

    public byte[] member() {
        return key();
    }

    public double score() {
        return score;
    }

    /** The next element in score order, or null after the last. */
    public SkipListNode next() {
        return next;
    }

    /** The previous element in score order, or null before the first. */
    public SkipListNode previous() {
        return backward;
    }

    /**
     * The heap this node retains: itself, its member's array and, above level 1, its link and span arrays (level-1
     * nodes share the empty ones). Fixed for the node's life, since neither the member nor the level ever changes.
     */
    long heapBytes() {
        long bytes = SHALLOW + HeapLayout.byteArray(key().length);
        if (upper.length > 0) {
            bytes += HeapLayout.referenceArray(upper.length) + HeapLayout.intArray(upperSpan.length);
        }
        return bytes;
    }

    int level() {
        return upper.length + 1;
    }

    SkipListNode forward(int i) {
        return i == 0 ? next : upper[i - 1];
    }

    void forward(int i, SkipListNode n) {
        if (i == 0) {
            next = n;
        } else {
            upper[i - 1] = n;
        }
    }

    int span(int i) {
        return i == 0 ? 1 : upperSpan[i - 1];
    }

    void span(int i, int s) {
        if (i > 0) {
            upperSpan[i - 1] = s;
        }
    }
}
