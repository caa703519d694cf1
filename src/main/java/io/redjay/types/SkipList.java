package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The ordered half of a large sorted set: William Pugh's skiplist with Redis's two additions, a span on every link
 * (so an element's rank is the sum of the spans crossed to reach it) and a backward pointer on level 0 (so reverse
 * ranges walk as cheaply as forward ones). Elements are ordered by score, then by member bytes (unsigned), which makes
 * every element's position unique.
 *
 * <p>Why a skiplist and not a balanced tree: ranks, score ranges and lexicographic ranges are all "find the first
 * node past a bound, then walk level 0", which the skiplist gives in O(log n + m) with very simple code, and
 * updating a score where the order does not change is done in place.
 *
 * <p>The search path of an update (the last node visited on each level) is kept in two scratch arrays owned by
 * the list, so inserts and deletes allocate nothing but the new node; the server's single executor thread makes
 * that safe.
 *
 * <p>The heap the list retains is a fixed part (this object, the header node with its 32 levels, the scratch arrays)
 * plus {@link #nodeHeap}, which linking a node adds to and unlinking takes from, so {@link #heapBytes()} is O(1)
 * and range deletions keep it without a second pass.
 */
public final class SkipList {
    static final int MAX_LEVEL = 32;
    private static final int P_THRESHOLD = 0x10000 / 4;

    private final SkipListNode header = new SkipListNode(new byte[0], 0, 0, MAX_LEVEL);
    private SkipListNode tail;
    private int length;
    private int level = 1;
    private final SkipListNode[] update = new SkipListNode[MAX_LEVEL];
    private final int[] rank = new int[MAX_LEVEL];
    /** Heap of the linked nodes, their members and level arrays. */
    private long nodeHeap;

    /** The heap this list retains with its nodes and their members (not the dict that shares the nodes). */
    public long heapBytes() {
        return HeapLayout.object(2 * Integer.BYTES + Long.BYTES, 4) + header.heapBytes()
                + HeapLayout.referenceArray(MAX_LEVEL) + HeapLayout.intArray(MAX_LEVEL) + nodeHeap;
    }

    public int length() {
        return length;
    }

    public SkipListNode first() {
        return header.forward(0);
    }

    public SkipListNode last() {
        return tail;
    }

    /** Levels in use, for tests and memory estimates. */
    int levels() {
        return level;
    }

    static int randomLevel() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int l = 1;
        while (l < MAX_LEVEL && r.nextInt(0x10000) < P_THRESHOLD) {
            l++;
        }
        return l;
    }

    private static boolean before(SkipListNode n, double score, byte[] member) {
        return n.score < score || (n.score == score && Arrays.compareUnsigned(n.key(), member) < 0);
    }

    /** Creates and links a node for a member known to be absent. */
    public SkipListNode insert(byte[] member, int hash, double score) {
        SkipListNode node = new SkipListNode(member, hash, score, randomLevel());
        link(node);
        Arrays.fill(update, null);
        return node;
    }

    private void link(SkipListNode node) {
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward(i) != null && before(x.forward(i), node.score, node.key())) {
                rank[i] += x.span(i);
                x = x.forward(i);
            }
            update[i] = x;
        }
        int lvl = node.level();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span(i, length);
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            node.forward(i, update[i].forward(i));
            update[i].forward(i, node);
            node.span(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].span(i, rank[0] - rank[i] + 1);
        }
        for (int i = lvl; i < level; i++) {
            update[i].span(i, update[i].span(i) + 1);
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.forward(0) != null) {
            node.forward(0).backward = node;
        } else {
            tail = node;
        }
        length++;
        nodeHeap += node.heapBytes();
    }

    /** Fills {@link #update} with the last node before (score, member) on every level. */
    private void findUpdate(double score, byte[] member) {
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && before(x.forward(i), score, member)) {
                x = x.forward(i);
            }
            update[i] = x;
        }
    }

    private void unlink(SkipListNode x) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward(i) == x) {
                update[i].span(i, update[i].span(i) + x.span(i) - 1);
                update[i].forward(i, x.forward(i));
            } else {
                update[i].span(i, update[i].span(i) - 1);
            }
        }
        if (x.forward(0) != null) {
            x.forward(0).backward = x.backward;
        } else {
            tail = x.backward;
        }
        nodeHeap -= x.heapBytes();
        while (level > 1 && header.forward(level - 1) == null) {
            level--;
        }
        length--;
    }

    /** Unlinks a node of this list. */
    public void delete(SkipListNode node) {
        findUpdate(node.score, node.key());
        unlink(node);
        Arrays.fill(update, null);
    }

    /**
     * Changes a node's score. When the node stays between its neighbours the score is changed in place; otherwise
     * the node is unlinked and linked again at its new position, keeping its level.
     */
    public void updateScore(SkipListNode node, double newScore) {
        if ((node.backward == null || node.backward.score < newScore)
                && (node.forward(0) == null || node.forward(0).score > newScore)) {
            node.score = newScore;
            return;
        }
        findUpdate(node.score, node.key());
        unlink(node);
        node.score = newScore;
        link(node);
        Arrays.fill(update, null);
    }

    /** 1-based rank of the element (score, member), 0 when absent. */
    public long rankOf(double score, byte[] member) {
        SkipListNode x = header;
        long r = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && (x.forward(i).score < score
                    || (x.forward(i).score == score && Arrays.compareUnsigned(x.forward(i).key(), member) <= 0))) {
                r += x.span(i);
                x = x.forward(i);
            }
            if (x != header && Arrays.equals(x.key(), member)) {
                return r;
            }
        }
        return 0;
    }

    /** The node at a 1-based rank, or null when out of range. */
    public SkipListNode byRank(long r) {
        if (r < 1 || r > length) {
            return null;
        }
        SkipListNode x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && traversed + x.span(i) <= r) {
                traversed += x.span(i);
                x = x.forward(i);
            }
            if (traversed == r) {
                return x;
            }
        }
        return null;
    }

    private boolean mayIntersect(ZSetScoreRange range) {
        if (range.isEmpty() || tail == null) {
            return false;
        }
        return range.aboveMin(tail.score) && range.belowMax(header.forward(0).score);
    }

    /** The first node whose score is inside the range, or null. */
    public SkipListNode firstInRange(ZSetScoreRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).score)) {
                x = x.forward(i);
            }
        }
        x = x.forward(0);
        return x != null && range.belowMax(x.score) ? x : null;
    }

    /** The last node whose score is inside the range, or null. */
    public SkipListNode lastInRange(ZSetScoreRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && range.belowMax(x.forward(i).score)) {
                x = x.forward(i);
            }
        }
        return x != header && range.aboveMin(x.score) ? x : null;
    }

    private boolean mayIntersect(ZSetLexRange range) {
        if (range.isEmpty() || tail == null) {
            return false;
        }
        return range.aboveMin(tail.key()) && range.belowMax(header.forward(0).key());
    }

    public SkipListNode firstInRange(ZSetLexRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).key())) {
                x = x.forward(i);
            }
        }
        x = x.forward(0);
        return x != null && range.belowMax(x.key()) ? x : null;
    }

    public SkipListNode lastInRange(ZSetLexRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && range.belowMax(x.forward(i).key())) {
                x = x.forward(i);
            }
        }
        return x != header && range.aboveMin(x.key()) ? x : null;
    }

    /** Removes every node with a score inside the range, handing each to {@code removed}; returns how many. */
    public long deleteRange(ZSetScoreRange range, Consumer<SkipListNode> removed) {
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).score)) {
                x = x.forward(i);
            }
            update[i] = x;
        }
        x = x.forward(0);
        long n = 0;
        while (x != null && range.belowMax(x.score)) {
            SkipListNode next = x.forward(0);
            unlink(x);
            removed.accept(x);
            n++;
            x = next;
        }
        Arrays.fill(update, null);
        return n;
    }

    public long deleteRange(ZSetLexRange range, Consumer<SkipListNode> removed) {
        SkipListNode x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && !range.aboveMin(x.forward(i).key())) {
                x = x.forward(i);
            }
            update[i] = x;
        }
        x = x.forward(0);
        long n = 0;
        while (x != null && range.belowMax(x.key())) {
            SkipListNode next = x.forward(0);
            unlink(x);
            removed.accept(x);
            n++;
            x = next;
        }
        Arrays.fill(update, null);
        return n;
    }

    /** Removes the nodes of 1-based ranks start..end (inclusive, valid); returns how many. */
    public long deleteRankRange(long start, long end, Consumer<SkipListNode> removed) {
        SkipListNode x = header;
        long traversed = 0;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward(i) != null && traversed + x.span(i) < start) {
                traversed += x.span(i);
                x = x.forward(i);
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward(0);
        long n = 0;
        while (x != null && traversed <= end) {
            SkipListNode next = x.forward(0);
            unlink(x);
            removed.accept(x);
            n++;
            traversed++;
            x = next;
        }
        Arrays.fill(update, null);
        return n;
    }
}
