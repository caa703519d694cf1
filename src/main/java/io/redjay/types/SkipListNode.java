package io.redjay.types;

import io.redjay.keyspace.DictEntry;

/**
 * One element of a large sorted set. The node is at the same time the entry of the member-to-score hash table
 * (it extends {@link DictEntry}, whose key is the member), so an element costs one node and its two level arrays
 * rather than a skiplist node, a map entry and a boxed score.
 *
 * <p>{@code forward[i]} is the next node on level i and {@code span[i]} how many level-0 steps that link jumps: summing
 * spans along a search path gives an element's rank, which is what makes ZRANK and ZRANGE by index O(log n).
 */
public final class SkipListNode extends DictEntry {
    double score;
    SkipListNode backward;
    final SkipListNode[] forward;
    final int[] span;

    SkipListNode(byte[] member, int hash, double score, int level) {
        super(member, hash);
        this.score = score;
        this.forward = new SkipListNode[level];
        this.span = new int[level];
    }

    public byte[] member() {
        return key();
    }

    public double score() {
        return score;
    }

    /** The next element in score order, or null after the last. */
    public SkipListNode next() {
        return forward[0];
    }

    /** The previous element in score order, or null before the first. */
    public SkipListNode previous() {
        return backward;
    }

    int level() {
        return forward.length;
    }
}
