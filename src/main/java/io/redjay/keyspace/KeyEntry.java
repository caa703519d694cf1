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

    public long accessTime() {
        return accessTime;
    }
}
