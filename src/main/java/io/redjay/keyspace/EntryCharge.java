package io.redjay.keyspace;


/**
 * What one key costs the heap: its {@link KeyEntry}, the key bytes, the value (a string's array, or what an aggregate
 * reports through {@link HeapSized}, maintained by the value itself so that asking is O(1)) and, for a key with a TTL,
 * its node in the expires table. {@code used_memory} is the sum of these charges plus the tables' bucket arrays, the
 * clients' buffers and the server's own start-up heap: a figure that follows the live data, not the collector's
 * schedule, which is what {@code maxmemory} must be compared with.
 */
final class EntryCharge {
    /** KeyEntry: key, next and value references; hash, access and charge ints; expireAt; two flag bytes. */
    private static final long ENTRY = HeapLayout.object(4 + 4 + 4 + 8 + 1 + 1, 3);
    /** ExpireEntry: key, next and target references; hash. */
    private static final long EXPIRE_ENTRY = HeapLayout.object(4, 3);
    private static final long MAX_UNITS = Integer.MAX_VALUE;

    private EntryCharge() {
    }

    /** The entry's cost in 8-byte units, saturating at 16 GB. */
    static int units(KeyEntry e) {
        long bytes = ENTRY + HeapLayout.byteArray(e.key.length) + valueBytes(e.value)
                + (e.expireAt == KeyEntry.NO_EXPIRE ? 0 : EXPIRE_ENTRY);
        return (int) Math.min(MAX_UNITS, (bytes + 7) >>> 3);
    }

    static long valueBytes(Object value) {
        return HeapSized.of(value);
    }

    static long tableBytes(int buckets) {
        return buckets == 0 ? 0 : HeapLayout.referenceArray(buckets);
    }
}
