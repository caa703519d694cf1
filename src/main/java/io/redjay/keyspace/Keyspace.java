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
    long dirty;
    long expiredKeys;
    long hits;
    long misses;
    /** The epoch new entries are marked with: the running snapshot's, or the last one's (see SnapshotCursor). */
    byte snapshotMark;

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
        now = clock.millis();
        return now;
    }

    public long now() {
        return now;
    }

    public Clock clock() {
        return clock;
    }

    /** While set, lookups do not update access times (CLIENT NO-TOUCH, OBJECT, TYPE...). */
    public void noTouch(boolean v) {
        noTouch = v;
    }

    /** While set, keys are not expired (e.g. on a replica, whose master sends the DELs). */
    public void expiryPaused(boolean v) {
        expiryPaused = v;
    }

    public boolean expiryPaused() {
        return expiryPaused;
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
        hits = 0;
        misses = 0;
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
