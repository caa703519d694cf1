package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

/**
 * A Redis list as a key's value: the {@link Quicklist} storage plus what every aggregate owes the generic commands
 * (TYPE, OBJECT ENCODING, COPY, DEBUG DIGEST) and the heap accounting behind {@code used_memory} and MEMORY USAGE.
 *
 * <p>The JVM heap it retains ({@link #heapBytes()}) is this object plus the running total its chain keeps of the
 * nodes and their arrays.
 */
public final class ListValue extends Quicklist implements Aggregate {
    /** This object: the chain's two ends, the element count, the node count, the encoding flag, the node heap. */
    private static final long SHALLOW = HeapLayout.object(Long.BYTES + Integer.BYTES + 1 + Long.BYTES, 2);

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return packed ? "listpack" : "quicklist";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long heapBytes() {
        return SHALLOW + nodeHeap;
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue();
        copyInto(c);
        return c;
    }

    @Override
    public void digestInto(Digest digest) {
        for (QuicklistNode n = head; n != null; n = n.next) {
            for (int p = n.first(); p >= 0; p = n.next(p)) {
                digest.mix(n.buf, n.valueOffset(p), n.length(p));
            }
        }
    }
}
