package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

/**
 * One node of a {@link Quicklist}: a {@link Listpack} with links to its neighbours. Keeping the links on the packed
 * buffer itself, rather than wrapping it, saves an object per node; a small list is a single node used without links.
 */
public final class QuicklistNode extends Listpack {
    /** A node object: the listpack's array and three offsets and counts, and the two links. */
    static final long SHALLOW = HeapLayout.object(3 * Integer.BYTES, 3);

    QuicklistNode prev;
    QuicklistNode next;

    QuicklistNode() {
    }

    QuicklistNode(QuicklistNode other) {
        super(other);
    }
}
