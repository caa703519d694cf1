package io.redjay.types;

import io.redjay.keyspace.HeapSized;

/**
 * The contract every collection value (list, set, hash, sorted set) fulfils, so that the generic key commands treat
 * them alike: TYPE and OBJECT ENCODING ({@link TypedValue}), COPY ({@link Copyable}), DEBUG DIGEST
 * ({@link DigestValue}) and the server's heap accounting behind {@code used_memory} and MEMORY USAGE
 * ({@link HeapSized}). An aggregate is created by the first add and deleted by the command that empties it, so a
 * stored aggregate always has at least one element.
 */
public interface Aggregate extends TypedValue, Copyable, DigestValue, HeapSized {
    /** Number of elements (list entries, set members, hash fields, sorted set members). */
    long size();
}
