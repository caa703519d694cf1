package io.redjay.keyspace;

/**
 * One key of a database: the key bytes (inherited), its value, its absolute expiry time in unix milliseconds
 * ({@link #NO_EXPIRE} when persistent), what it remembers of its use ({@link AccessClock}: an LRU clock or an LFU
 * counter, for OBJECT IDLETIME/FREQ and eviction) and the heap bytes it is charged in {@code used_memory}.
 *
 * <p>A string value is a {@code byte[]}; aggregates are objects of the {@code types} package. Keeping everything for a
 * key in one node means a lookup touches one object besides the key and value arrays.
 */
public final class KeyEntry extends DictEntry {
    public static final long NO_EXPIRE = -1;

    Object value;
    long expireAt = NO_EXPIRE;
    /** LRU clock or LFU counter and decay time, as {@link AccessClock} reads it. */
    int access;
    /**
     * What this entry adds to {@code used_memory}, in 8-byte units (every heap object is a multiple of 8, and the
     * unit lets an int cover 16 GB); {@link #DETACHED} once the entry left its database.
     */
    int charge;
    static final int DETACHED = -1;
    boolean rawString;
    /**
     * The snapshot epoch this entry was last saved in (or created during): a snapshot in progress saves each entry
     * whose mark differs from its epoch exactly once, either when its cursor reaches it or, earlier, just before a
     * write changes it. One byte, stored in what would otherwise be alignment padding.
     */
    byte snapshotMark;

    KeyEntry(byte[] key, int hash, Object value) {
        super(key, hash);
        this.value = value;
    }

    public Object value() {
        return value;
    }

    public long expireAt() {
        return expireAt;
    }

    public boolean hasExpire() {
        return expireAt != NO_EXPIRE;
    }

    /**
     * True when the string was changed in place (APPEND, SETRANGE, SETBIT, BITFIELD), after which Redis reports the
     * {@code raw} encoding whatever the bytes look like; any new value clears it.
     */
    public boolean rawString() {
        return rawString;
    }

    /** The snapshot epoch this entry belongs to (see {@link SnapshotCursor}). */
    public byte snapshotMark() {
        return snapshotMark;
    }

    /** Marks the entry as saved by the snapshot of epoch {@code mark}. */
    public void snapshotMark(byte mark) {
        snapshotMark = mark;
    }

    /** The LRU clock or LFU value, as {@link AccessClock} reads it. */
    public int access() {
        return access;
    }

    /** The heap bytes this entry is charged for in {@code used_memory}. */
    public long chargedBytes() {
        return charge == DETACHED ? 0 : charge * 8L;
    }
}
