package io.redjay.keyspace;

/**
 * One key of a database: the key bytes (inherited), its value, its absolute expiry time in unix milliseconds
 * ({@link #NO_EXPIRE} when persistent) and the last access time used by OBJECT IDLETIME and eviction.
 *
 * <p>A string value is a {@code byte[]}; aggregates are objects of the {@code types} package. Keeping everything for a
 * key in one node means a lookup touches one object besides the key and value arrays.
 */
public final class KeyEntry extends DictEntry {
    public static final long NO_EXPIRE = -1;

    Object value;
    long expireAt = NO_EXPIRE;
    long accessTime;
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

    public long accessTime() {
        return accessTime;
    }
}
