package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import io.redjay.keyspace.Dict;

/**
 * The heap of a {@link Dict} itself, its object and bucket arrays, without the entries (each value type counts its
 * own nodes, whose size it knows). It is derived from what the table already reports, so the table needs no counter.
 *
 * <p>Outside a rehash there is one bucket array (of length 0 before the first insert). During one there are two, the
 * old and the new, and {@link Dict#buckets()} is their sum: both lengths are distinct powers of two (a rehash always
 * changes the size), so the sum has exactly two bits set and the lengths are its highest and lowest bit. When the
 * rehash completes, the old array becomes garbage and the figure drops by it; that can happen during a read, so a
 * caller keeping a running total should take a value's figure around whatever it runs on the value, not only writes.
 */
final class DictHeap {
    /** The table object: two array references, the expand guard, the resize hook and four int counters. */
    private static final long SHALLOW = HeapLayout.object(4 * Integer.BYTES, 4);

    private DictHeap() {
    }

    static long of(Dict<?> dict) {
        long buckets = dict.buckets();
        if (!dict.isRehashing()) {
            return SHALLOW + HeapLayout.referenceArray(buckets);
        }
        long larger = Long.highestOneBit(buckets);
        return SHALLOW + HeapLayout.referenceArray(larger) + HeapLayout.referenceArray(buckets - larger);
    }
}
