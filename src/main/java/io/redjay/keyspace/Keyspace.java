package io.redjay.keyspace;

/**
 * All databases, the cached command time and the counters INFO reports about keys. Owned by the executor thread:
 * nothing here is synchronized, by design.
 */
public final class Keyspace {
    private Database[] dbs;
    private final Clock clock;
    KeyspaceListener listener = KeyspaceListener.NONE;
    private long now;
    boolean noTouch;
    private boolean expiryPaused;
    /**
     * A writable replica remembers the keys its own clients gave a TTL (Redis's {@code slaveKeysWithExpire}): its
     * master knows nothing of them, so they are the only keys it expires itself ({@link #expireOwnKeys}).
     */
    boolean tracksOwnExpires;
    final java.util.Set<KeyRef> ownExpires = new java.util.LinkedHashSet<>();

    /** A key of one database, as a set element. */
    record KeyRef(int db, java.nio.ByteBuffer key) {
    }
    boolean expiryHeld;
    long dirty;
    long expiredKeys;
    long evictedKeys;
    long hits;
    long misses;
    /** The epoch new entries are marked with: the running snapshot's, or the last one's (see SnapshotCursor). */
    byte snapshotMark;
    final AccessClock access = new AccessClock();
    private Dict.ExpandGuard expandPolicy = bytes -> true;
    private FunctionStore functions = FunctionStore.NONE;
    /** The guard every database's key table asks before growing; delegates to the policy of the moment. */
    final Dict.ExpandGuard expandGuard = bytes -> expandPolicy.allows(bytes);
    /**
     * Entries a command may be changing in place (looked up for writing, or just created and still being filled):
     * their charges are brought up to date when the command ends ({@link #settleCharges}), since only then is the
     * value's final size known.
     */
    private KeyEntry[] pendingEntries = new KeyEntry[16];
    private Database[] pendingDbs = new Database[16];
    private int pending;

    /** Whether key tables may grow by a bucket array of a given size (the memory limit's say). */
    public void expandPolicy(Dict.ExpandGuard policy) {
        this.expandPolicy = policy;
    }

    /** LRU/LFU bookkeeping, configured from the eviction policy. */
    public AccessClock access() {
        return access;
    }

    void rechargeLater(Database db, KeyEntry e) {
        if (pending > 0 && pendingEntries[pending - 1] == e) {
            return;
        }
        if (pending == pendingEntries.length) {
            pendingEntries = java.util.Arrays.copyOf(pendingEntries, pending * 2);
            pendingDbs = java.util.Arrays.copyOf(pendingDbs, pending * 2);
        }
        pendingEntries[pending] = e;
        pendingDbs[pending++] = db;
    }

    /** Brings the charges of the entries written since the last call up to date; called after each command. */
    public void settleCharges() {
        for (int i = 0; i < pending; i++) {
            pendingDbs[i].recharge(pendingEntries[i]);
            pendingEntries[i] = null;
            pendingDbs[i] = null;
        }
        if (pendingEntries.length > 4096) {
            pendingEntries = new KeyEntry[16];
            pendingDbs = new Database[16];
        }
        pending = 0;
    }

    /** The heap the dataset occupies: every entry's charge and the tables' bucket arrays. */
    public long datasetBytes() {
        long sum = 0;
        for (Database db : dbs) {
            sum += db.chargedBytes();
        }
        return sum;
    }

    /** The heap of the databases' hash tables themselves (Redis counts them as overhead). */
    public long tableBytes() {
        if (tablesStale) {
            long sum = 0;
            for (Database db : dbs) {
                sum += db.tableBytes();
            }
            tableBytes = sum;
            tablesStale = false;
        }
        return tableBytes;
    }

    /**
     * A table's bucket array was replaced: the total is summed again at its next use. Every command's memory check
     * reads the total, and tables change rarely, so it is not summed over every database each time.
     */
    void tablesChanged() {
        tablesStale = true;
    }

    private long tableBytes;
    private boolean tablesStale = true;

    public Keyspace(int databases, Clock clock) {
        this.clock = clock;
        this.dbs = new Database[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Database(i, this);
        }
        this.now = clock.millis();
    }

    public void listener(KeyspaceListener l) {
        this.listener = l;
    }

    public KeyspaceListener listener() {
        return listener;
    }

    public Database db(int index) {
        return dbs[index];
    }

    public int databases() {
        return dbs.length;
    }

    /** Refreshes the cached time; called before each command so that a command sees one instant. */
    public long updateTime() {
        if (!timeFrozen) {
            now = clock.millis();
        }
        return now;
    }

    /**
     * While a script runs the clock stands still (Redis's {@code scriptTimeSnapshot}): a key expires before the
     * script or after it, never between two of its commands, so its effects replicate as they happened.
     */
    public void freezeTime(boolean frozen) {
        timeFrozen = frozen;
    }

    private boolean timeFrozen;

    public long now() {
        return now;
    }

    /** The function libraries saved and loaded with this dataset (see {@link FunctionStore}). */
    public FunctionStore functions() {
        return functions;
    }

    public void functions(FunctionStore store) {
        this.functions = store;
    }

    public Clock clock() {
        return clock;
    }

    /** While set, lookups do not update access times (CLIENT NO-TOUCH, OBJECT, TYPE...). */
    public void noTouch(boolean v) {
        noTouch = v;
    }

    /**
     * While set, no key is expired at all: an AOF being replayed, a master's command being applied on its replica
     * (Redis's {@code server.loading}, and its exemption of the master client).
     */
    public void expiryPaused(boolean v) {
        expiryPaused = v;
    }

    public boolean expiryPaused() {
        return expiryPaused;
    }

    /**
     * While set, a key whose time has passed reads as absent but is not deleted: on a replica (its master sends the
     * DELs) and during a client pause (a DEL would move the replication stream), as Redis 7.0's
     * {@code expireIfNeeded} answers "expired" without deleting. A write to such a key still replaces it.
     */
    public void expiryHeld(boolean v) {
        expiryHeld = v;
    }

    /** Starts ({@code true}: a writable replica) or stops remembering keys given a TTL by this server's clients. */
    public void tracksOwnExpires(boolean on) {
        tracksOwnExpires = on;
        if (!on) {
            ownExpires.clear();
        }
    }

    /**
     * A writable replica's own expiry: each remembered key whose time has passed is deleted (and its DEL
     * propagated, to this server's AOF); keys gone or without a TTL are forgotten. Returns how many expired.
     */
    public int expireOwnKeys() {
        int expired = 0;
        updateTime();
        for (java.util.Iterator<KeyRef> it = ownExpires.iterator(); it.hasNext(); ) {
            KeyRef ref = it.next();
            Database db = dbs[ref.db()];
            KeyEntry e = db.peek(ref.key().array());
            if (e == null || e.expireAt == KeyEntry.NO_EXPIRE) {
                it.remove();
            } else if (db.activeExpire(e)) {
                it.remove();
                expired++;
            }
        }
        return expired;
    }

    /** Whether keys whose time has passed are deleted when met (and by the active cycle). */
    public boolean expiryDeletes() {
        return !expiryPaused && !expiryHeld;
    }

    public long dirty() {
        return dirty;
    }

    public void addDirty(long n) {
        dirty += n;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /** INFO's {@code evicted_keys}. */
    public long evictedKeys() {
        return evictedKeys;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    /**
     * Starts a new snapshot epoch and returns it: from now on new keys carry it (a snapshot shows the dataset as it
     * was when it started, so keys created later are not part of it), and every existing key is unsaved until a
     * {@link SnapshotCursor} or the before-write hook marks it. Epoch 0 is never used, so keys that never met a
     * snapshot are never taken as saved.
     */
    public byte beginSnapshotEpoch() {
        snapshotMark = (byte) (snapshotMark == -1 ? 1 : snapshotMark + 1);
        return snapshotMark;
    }

    public byte snapshotEpoch() {
        return snapshotMark;
    }

    public void resetStats() {
        expiredKeys = 0;
        evictedKeys = 0;
        hits = 0;
        misses = 0;
    }

    /**
     * An empty keyspace beside this one, for a replica's {@code swapdb} load: its tables grow under this keyspace's
     * memory policy, since they are to become this keyspace's ({@link #adoptContents}).
     */
    public Keyspace staging() {
        Keyspace staged = new Keyspace(dbs.length, clock);
        staged.expandPolicy = expandGuard;
        staged.functions = functions.staging();
        return staged;
    }

    /**
     * Every database takes the contents of {@code staged}'s database of the same number, and {@code staged} keeps
     * the old ones (to be dropped): the swap at the end of a {@code swapdb} load, one table exchange per database.
     */
    public void adoptContents(Keyspace staged) {
        staged.settleCharges();
        functions.adopt(staged.functions);
        for (Database db : dbs) {
            db.exchange(staged.dbs[db.id()]);
            listener.databaseChanged(db);
        }
    }

    public void swap(int a, int b) {
        dbs[a].swapWith(dbs[b]);
        listener.databaseChanged(dbs[a]);
        listener.databaseChanged(dbs[b]);
    }

    /** Empties one database (FLUSHDB); returns how many keys it held. */
    public long flushDb(int index) {
        Database db = dbs[index];
        long removed = db.size();
        db.clear();
        listener.databaseChanged(db);
        return removed;
    }

    public long flushAll() {
        long removed = 0;
        for (Database db : dbs) {
            removed += db.size();
            db.clear();
        }
        listener.databaseChanged(null);
        return removed;
    }
}
