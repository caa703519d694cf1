package io.redjay.keyspace;

/**
 * What the keyspace tells the rest of the server about changes, through one funnel: WATCH invalidation, keyspace
 * notifications, blocked-client wake-ups and propagation of expirations all hang off these calls, so that no command
 * has to remember any of them.
 */
public interface KeyspaceListener {
    /**
     * Runs before {@code entry}'s value or TTL changes in place, is replaced, or the key disappears (delete, expiry,
     * RENAME, MOVE): the hook a snapshot taken a slice at a time uses to save the old value first. The entry still
     * holds the old value and TTL when this is called.
     */
    default void beforeWrite(Database db, KeyEntry entry) {
    }

    /**
     * Runs before every key of {@code db} is dropped or exchanged at once (FLUSHDB, FLUSHALL, SWAPDB), while the
     * database still holds them.
     */
    default void beforeReplaceAll(Database db) {
    }

    /** A key's value or existence changed ({@code signalModifiedKey}). */
    void keyModified(Database db, byte[] key);

    /**
     * A keyspace event of class {@code type} (one of the {@link Events} flags) named {@code event} happened to
     * {@code key}.
     */
    void keyEvent(Database db, int type, String event, byte[] key);

    /**
     * Whether events of class {@code type} are wanted at all: asked before the events that would otherwise cost
     * something on hot paths when nobody listens (key misses, new keys).
     */
    default boolean wants(int type) {
        return false;
    }

    /** A key was removed because its TTL passed: replicas and the AOF receive a DEL. */
    void keyExpired(Database db, byte[] key);

    /** A key was removed by eviction: replicas and the AOF receive its deletion. */
    default void keyEvicted(Database db, byte[] key) {
    }

    /** Every key of a database (or of all, {@code db == null}) was removed or replaced. */
    void databaseChanged(Database db);

    KeyspaceListener NONE = new KeyspaceListener() {
        @Override
        public void keyModified(Database db, byte[] key) {
        }

        @Override
        public void keyEvent(Database db, int type, String event, byte[] key) {
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }

        @Override
        public void databaseChanged(Database db) {
        }
    };
}
