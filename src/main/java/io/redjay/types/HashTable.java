package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import io.redjay.keyspace.Dict;

/**
 * The table ("hashtable") form of a {@link HashValue}: the {@link Dict} of {@link HashEntry} nodes plus the running
 * total of the heap its fields' and values' arrays take, which varies per entry and so cannot be derived from the
 * table's counts. Every change to the pairs goes through here so the total stays exact; reads use {@link #dict()}.
 *
 * <p>The counter lives in this wrapper rather than in {@link HashValue} because most hashes are small and packed:
 * a field there would cost every one of them, while this object exists only for the few that outgrew the packed form.
 */
final class HashTable {
    /** This object: the table reference and the counter. */
    private static final long SHALLOW = HeapLayout.object(Long.BYTES, 1);
    /** A pair node: field, value and next references and the cached hash. */
    private static final long ENTRY = HeapLayout.object(Integer.BYTES, 3);

    private final Dict<HashEntry> dict = new Dict<>();
    private long arrayBytes;

    Dict<HashEntry> dict() {
        return dict;
    }

    int size() {
        return dict.size();
    }

    HashEntry get(byte[] field) {
        return dict.get(field);
    }

    /** Adds a pair whose field is known to be absent; both arrays are kept. */
    void add(byte[] field, byte[] value) {
        dict.add(new HashEntry(field, value));
        arrayBytes += HeapLayout.byteArray(field.length) + HeapLayout.byteArray(value.length);
    }

    /** Gives the entry a new value array. */
    void replace(HashEntry e, byte[] value) {
        arrayBytes += HeapLayout.byteArray(value.length) - HeapLayout.byteArray(e.value.length);
        e.value = value;
    }

    /** Removes {@code field}; false if absent. */
    boolean remove(byte[] field) {
        HashEntry e = dict.remove(field);
        if (e == null) {
            return false;
        }
        arrayBytes -= HeapLayout.byteArray(e.key().length) + HeapLayout.byteArray(e.value.length);
        return true;
    }

    long heapBytes() {
        return SHALLOW + DictHeap.of(dict) + dict.size() * ENTRY + arrayBytes;
    }
}
