package io.redjay.keyspace;

/**
 * A node of a {@link Dict} chain: the key, its cached hash and the next node of the same bucket. Subclasses add what
 * the table stores (a database entry adds the value and expiry), so one object per key carries everything.
 */
public class DictEntry {
    final byte[] key;
    final int hash;
    DictEntry next;

    protected DictEntry(byte[] key, int hash) {
        this.key = key;
        this.hash = hash;
    }

    public final byte[] key() {
        return key;
    }
}
