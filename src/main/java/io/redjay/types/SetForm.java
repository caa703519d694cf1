package io.redjay.types;

import io.redjay.keyspace.HeapSized;

/**
 * One of the three representations a {@link SetValue} switches between (intset, listpack, hashtable). The set value
 * owns the conversion rules; a form only stores members and answers questions about them, so each stays small and
 * the thresholds live in one place.
 */
abstract sealed class SetForm permits IntSet, SetListpack, SetHashtable {
    abstract long size();

    abstract String encoding();

    abstract boolean contains(byte[] member);

    abstract boolean remove(byte[] member);

    /** A uniformly chosen member; the set is not empty. */
    abstract byte[] random();

    /** Removes and returns a uniformly chosen member; the set is not empty. */
    abstract byte[] popRandom();

    /** Visits members until the visitor returns false; returns false if it was stopped. */
    abstract boolean forEach(SetVisitor visitor);

    abstract SetForm copy();

    /** The JVM heap this form retains, in O(1) (see {@link HeapSized}). */
    abstract long heapBytes();

    /** True when {@code member} is a canonical 64-bit integer (Redis's string2ll), so an intset can hold it. */
    static boolean isInteger(byte[] member) {
        return member.length <= 20 && Numbers.isValidLong(member);
    }
}
