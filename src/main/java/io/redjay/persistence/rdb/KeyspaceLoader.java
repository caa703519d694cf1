package io.redjay.persistence.rdb;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;

/**
 * The {@link RdbReader.Sink} that loads a snapshot into a keyspace, as Redis's startup load does: a key already
 * expired is dropped when loading as a master (a replica keeps it and waits for its master's DEL), and a key that
 * appears twice in one database is an error, since only a corrupt or hand-made file can hold one.
 *
 * <p>An idle time or access frequency saved with a key is applied as RESTORE's IDLETIME and FREQ are, the one that
 * matches the eviction policy, so a restarted server evicts as the old one would have.
 */
public final class KeyspaceLoader implements RdbReader.Sink {
    private final Keyspace keyspace;
    private final boolean dropExpired;
    private long loaded;
    private long expired;
    private long emptySkipped;
    private java.util.function.BiConsumer<Integer, byte[]> expiredDropped = (db, key) -> { };

    public KeyspaceLoader(Keyspace keyspace, boolean dropExpired) {
        this.keyspace = keyspace;
        this.dropExpired = dropExpired;
    }

    @Override
    public void key(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int freq)
            throws RdbException {
        if (dropExpired && expireAtMs != -1 && expireAtMs < keyspace.now()) {
            expired++;
            expiredDropped.accept(db, key);
            return;
        }
        Database d = keyspace.db(db);
        if (d.peek(key) != null) {
            throw new RdbException("RDB has duplicated key '" + RdbReader.printable(key) + "' in DB " + db);
        }
        KeyEntry e = d.add(key, value);
        if (expireAtMs != -1) {
            d.setExpire(e, expireAtMs);
        }
        if (idleSeconds >= 0 || freq >= 0) {
            d.restoreAccess(e, idleSeconds, freq);
        }
        loaded++;
    }

    /** A library of functions: registered, or the load stopped with Redis's message ({@code rdbFunctionLoad}). */
    @Override
    public void functionLibrary(byte[] code) throws RdbException {
        functionLibrary(code, false);
    }

    /** The same, with {@code replace} (a merging load) replacing a library of the same name. */
    public void functionLibrary(byte[] code, boolean replace) throws RdbException {
        String error = keyspace.functions().loadLibrary(code, replace);
        if (error != null) {
            throw new RdbException("Failed loading library, " + error);
        }
    }

    /** RESIZEDB: an empty database's tables are sized for what follows, as Redis expands its dicts. */
    @Override
    public void resizeDb(int db, long size, long expiresSize) {
        keyspace.db(db).reserve(size, expiresSize);
    }

    @Override
    public void emptyKeySkipped(int db, byte[] key) {
        emptySkipped++;
    }

    /** Told of each key dropped as already expired (a restarted master sends its replicas a DEL for it). */
    public void onExpiredDropped(java.util.function.BiConsumer<Integer, byte[]> listener) {
        this.expiredDropped = listener;
    }

    public long loaded() {
        return loaded;
    }

    public long expired() {
        return expired;
    }

    public long emptySkipped() {
        return emptySkipped;
    }
}
