package io.redjay.types;

/**
 * The storage of a list: a chain of packed nodes ({@link QuicklistNode}), in one of Redis 7.2's two encodings.
 *
 * <p><b>Two encodings, one structure.</b> A small list is a single node with no size limit: Redis's "listpack"
 * encoding, one flat byte array. When a push would take it past {@code list-max-listpack-size} it becomes a
 * "quicklist": the same node, now one of a chain in which each node holds at most that many entries (positive
 * setting) or that many bytes (negative setting: -1..-5 mean 4, 8, 16, 32, 64 KB). New nodes are started as the
 * end ones fill up, and a node that grows too big in the middle (LINSERT, LSET) is split in two. When removals leave
 * a single node under half the limit, the list goes back to "listpack"; the halving keeps a list that hovers near
 * the limit from converting on every push and pop, as in Redis 7.2. Because both encodings are the same chain, every
 * operation below has a single implementation.
 *
 * <p><b>Cost.</b> Pushes and pops at either end touch one node. Positional access walks node counts from the nearer
 * end, then entries within one node; ranges are read with a {@link Cursor} that steps through the chain sequentially,
 * so LRANGE of N elements costs one seek plus N steps.
 *
 * <p>The limit is passed to every growing operation rather than stored, because {@code CONFIG SET} may change it at
 * any time and Redis applies the current value.
 *
 * <p><b>Heap.</b> {@link #nodeHeap} is the running total of the linked nodes' objects and arrays: a node adds what
 * it holds when linked and takes it away when unlinked, and every change that may give a linked node a new array
 * adds the difference. That makes the list's retained heap O(1) to read at the price of a compare and an add per
 * push, with no per-node field.
 */
public class Quicklist {
    private static final int[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};
    /** Largest node Redis lets a count-limited node reach. */
    private static final int SIZE_SAFETY_LIMIT = 8192;

    QuicklistNode head;
    QuicklistNode tail;
    long size;
    int nodes;
    boolean packed = true;
    /** Heap of the nodes in the chain (objects and arrays), kept up to date by every change. */
    long nodeHeap;

    public long length() {
        return size;
    }

    public int nodeCount() {
        return nodes;
    }

    public QuicklistNode headNode() {
        return head;
    }

    public QuicklistNode tailNode() {
        return tail;
    }

    // ------------------------------------------------------------------ limits

    static long sizeLimit(long fill) {
        if (fill >= 0) {
            return Long.MAX_VALUE;
        }
        long level = Math.min(-fill - 1, SIZE_LEVELS.length - 1);
        return SIZE_LEVELS[(int) level];
    }

    static long countLimit(long fill) {
        if (fill >= 0) {
            return fill == 0 ? 1 : fill;
        }
        return Long.MAX_VALUE;
    }

    /** Whether a node of {@code bytes} bytes and {@code entries} entries is over the limit set by {@code fill}. */
    static boolean exceeds(long fill, long bytes, long entries) {
        if (fill < 0) {
            return bytes > sizeLimit(fill);
        }
        return bytes > SIZE_SAFETY_LIMIT || entries > countLimit(fill);
    }

    private static boolean allowsInsert(QuicklistNode n, int len, long fill) {
        return !exceeds(fill, (long) n.bytes() + Listpack.entrySize(len), n.count + 1L);
    }

    /** Before adding {@code addBytes} in {@code addCount} elements: leaves "listpack" if they would not fit. */
    public void growing(long addBytes, long addCount, long fill) {
        long bytes = head == null ? Listpack.OVERHEAD : head.bytes();
        long entries = head == null ? 0 : head.count;
        if (packed && exceeds(fill, bytes + addBytes + 2 * addCount, entries + addCount)) {
            packed = false;
        }
    }

    /** After removals: back to "listpack" when one node is left and it is under half the limit. */
    public void shrinking(long fill) {
        if (packed || nodes != 1) {
            return;
        }
        boolean small = fill < 0 ? head.bytes() <= sizeLimit(fill) / 2 : head.count <= countLimit(fill) / 2;
        if (small) {
            packed = true;
        }
    }

    // ------------------------------------------------------------------ ends

    public void pushHead(byte[] v, long fill) {
        growing(v.length, 1, fill);
        if (head == null || !packed && !allowsInsert(head, v.length, fill)) {
            linkBefore(head, new QuicklistNode());
        }
        long before = head.bufferHeap();
        head.pushHead(v);
        resized(head, before);
        size++;
    }

    public void pushTail(byte[] v, long fill) {
        growing(v.length, 1, fill);
        if (tail == null || !packed && !allowsInsert(tail, v.length, fill)) {
            linkAfter(tail, new QuicklistNode());
        }
        long before = tail.bufferHeap();
        tail.pushTail(v);
        resized(tail, before);
        size++;
    }

    /** Removes and returns the first element (the list must not be empty). */
    public byte[] popHead() {
        byte[] v = head.value(head.first());
        dropHead();
        return v;
    }

    /** Removes and returns the last element (the list must not be empty). */
    public byte[] popTail() {
        byte[] v = tail.value(tail.last());
        dropTail();
        return v;
    }

    /** Removes the first element without copying it (after it was read in place). */
    public void dropHead() {
        QuicklistNode n = head;
        n.dropHead();
        size--;
        if (n.count == 0) {
            unlink(n);
        }
    }

    public void dropTail() {
        QuicklistNode n = tail;
        n.dropTail();
        size--;
        if (n.count == 0) {
            unlink(n);
        }
    }

    /** Removes the first {@code n} elements (whole nodes at a time where possible). */
    public void removeHead(long n) {
        while (n > 0 && head != null) {
            QuicklistNode h = head;
            if (h.count <= n) {
                n -= h.count;
                size -= h.count;
                unlink(h);
            } else {
                h.removeRange(h.first(), (int) n);
                size -= n;
                n = 0;
            }
        }
    }

    /** Removes the last {@code n} elements. */
    public void removeTail(long n) {
        while (n > 0 && tail != null) {
            QuicklistNode t = tail;
            if (t.count <= n) {
                n -= t.count;
                size -= t.count;
                unlink(t);
            } else {
                int keep = t.count - (int) n;
                int p = t.first();
                for (int i = 0; i < keep; i++) {
                    p = t.next(p);
                }
                t.removeRange(p, (int) n);
                size -= n;
                n = 0;
            }
        }
    }

    // ------------------------------------------------------------------ positions

    /** A cursor on the element at {@code index} (negative counts from the tail), or null when out of range. */
    public Cursor at(long index) {
        if (index < 0) {
            index += size;
        }
        if (index < 0 || index >= size) {
            return null;
        }
        QuicklistNode n;
        long skipped;
        if (index < size / 2) {
            n = head;
            skipped = 0;
            while (index >= skipped + n.count) {
                skipped += n.count;
                n = n.next;
            }
        } else {
            n = tail;
            skipped = size - n.count;
            while (index < skipped) {
                n = n.prev;
                skipped -= n.count;
            }
        }
        int within = (int) (index - skipped);
        int p;
        if (within < n.count / 2) {
            p = n.first();
            for (int i = 0; i < within; i++) {
                p = n.next(p);
            }
        } else {
            p = n.last();
            for (int i = n.count - 1; i > within; i--) {
                p = n.prev(p);
            }
        }
        return new Cursor(n, p);
    }

    /** Inserts {@code v} before or after the cursor's element; the cursor is invalid afterwards. */
    public void insert(Cursor c, byte[] v, boolean after, long fill) {
        growing(v.length, 1, fill);
        QuicklistNode n = c.node;
        int pos = after ? c.node.next(c.pos) : c.pos;
        long before = n.bufferHeap();
        n.insertAt(pos < 0 ? n.endOffset() : pos, v);
        resized(n, before);
        size++;
        splitIfNeeded(n, fill);
    }

    /** Replaces the cursor's element with {@code v}; the cursor is invalid afterwards. */
    public void set(Cursor c, byte[] v, long fill) {
        int oldLen = c.node.length(c.pos);
        if (v.length > oldLen) {
            growing(v.length - oldLen, 0, fill);
        }
        long before = c.node.bufferHeap();
        c.node.replaceAt(c.pos, v);
        resized(c.node, before);
        splitIfNeeded(c.node, fill);
    }

    /**
     * Removes elements equal to {@code v}: the first {@code limit} from the head, or from the tail when
     * {@code fromTail}, or all when {@code limit} is 0. Returns how many were removed.
     */
    public long removeMatching(byte[] v, long limit, boolean fromTail, long fill) {
        long removed = 0;
        QuicklistNode n = fromTail ? tail : head;
        while (n != null && (limit == 0 || removed < limit)) {
            QuicklistNode following = fromTail ? n.prev : n.next;
            int r = n.removeMatching(v, limit == 0 ? 0 : limit - removed, fromTail);
            if (r > 0) {
                removed += r;
                size -= r;
                if (n.count == 0) {
                    unlink(n);
                }
            }
            n = following;
        }
        if (removed > 0 && !packed) {
            compact(fill);
        }
        return removed;
    }

    private void splitIfNeeded(QuicklistNode n, long fill) {
        if (packed || n.count < 2 || !exceeds(fill, n.bytes(), n.count)) {
            return;
        }
        QuicklistNode right = new QuicklistNode();
        n.moveTailTo(n.count / 2, right);
        linkAfter(n, right);
    }

    /** Merges neighbours that fit together in one node, after removals left nodes partly empty. */
    private void compact(long fill) {
        QuicklistNode n = head;
        while (n != null && n.next != null) {
            QuicklistNode m = n.next;
            if (!exceeds(fill, n.bytes() + m.bytes() - Listpack.OVERHEAD, (long) n.count + m.count)) {
                long before = n.bufferHeap();
                n.appendAll(m);
                resized(n, before);
                unlink(m);
            } else {
                n = m;
            }
        }
    }

    // ------------------------------------------------------------------ chain

    /** After a change to a linked node whose array took {@code bufferHeapBefore} bytes. */
    private void resized(QuicklistNode n, long bufferHeapBefore) {
        nodeHeap += n.bufferHeap() - bufferHeapBefore;
    }

    private static long heapOf(QuicklistNode n) {
        return QuicklistNode.SHALLOW + n.bufferHeap();
    }

    private void linkBefore(QuicklistNode at, QuicklistNode n) {
        if (at == null) {
            head = tail = n;
        } else {
            n.next = at;
            n.prev = at.prev;
            if (at.prev != null) {
                at.prev.next = n;
            } else {
                head = n;
            }
            at.prev = n;
        }
        nodes++;
        nodeHeap += heapOf(n);
    }

    private void linkAfter(QuicklistNode at, QuicklistNode n) {
        if (at == null) {
            head = tail = n;
        } else {
            n.prev = at;
            n.next = at.next;
            if (at.next != null) {
                at.next.prev = n;
            } else {
                tail = n;
            }
            at.next = n;
        }
        nodes++;
        nodeHeap += heapOf(n);
    }

    private void unlink(QuicklistNode n) {
        if (n.prev != null) {
            n.prev.next = n.next;
        } else {
            head = n.next;
        }
        if (n.next != null) {
            n.next.prev = n.prev;
        } else {
            tail = n.prev;
        }
        n.prev = null;
        n.next = null;
        nodes--;
        nodeHeap -= heapOf(n);
    }

    /** Copies the chain node by node into {@code dst} (an empty list), keeping the encoding. */
    void copyInto(Quicklist dst) {
        for (QuicklistNode n = head; n != null; n = n.next) {
            dst.linkAfter(dst.tail, new QuicklistNode(n));
        }
        dst.size = size;
        dst.packed = packed;
    }

    /**
     * A position in the list: a node and the offset of an entry in it. Reading through a cursor does not copy
     * (replies are written straight from the node's buffer); stepping crosses node boundaries.
     */
    public static final class Cursor {
        private QuicklistNode node;
        private int pos;

        Cursor(QuicklistNode node, int pos) {
            this.node = node;
            this.pos = pos;
        }

        public byte[] buffer() {
            return node.buf;
        }

        public int offset() {
            return node.valueOffset(pos);
        }

        public int length() {
            return node.length(pos);
        }

        public byte[] value() {
            return node.value(pos);
        }

        public boolean valueEquals(byte[] v) {
            return node.valueEquals(pos, v);
        }

        /** Moves to the next element; false (and the cursor unusable) past the tail. */
        public boolean next() {
            int p = node.next(pos);
            while (p < 0) {
                node = node.next;
                if (node == null) {
                    return false;
                }
                p = node.first();
            }
            pos = p;
            return true;
        }

        /** Moves to the previous element; false past the head. */
        public boolean prev() {
            int p = node.prev(pos);
            while (p < 0) {
                node = node.prev;
                if (node == null) {
                    return false;
                }
                p = node.last();
            }
            pos = p;
            return true;
        }
    }
}
