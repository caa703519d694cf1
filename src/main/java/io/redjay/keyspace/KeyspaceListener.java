package io.redjay.keyspace;

/**
 * What the keyspace tells the rest of the server about changes, through one funnel: WATCH invalidation, keyspace
 * notifications, blocked-client wake-ups and propagation of expirations all hang off these calls, so that no command
 * has to remember any of them.
 */
public interface KeyspaceListener {
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
