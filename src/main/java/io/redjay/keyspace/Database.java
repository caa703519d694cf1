package io.redjay.keyspace;

import java.util.Arrays;

/**
 * One numbered database: the key table and the table of keys with a TTL.
 *
 * <p><b>The single mutation path.</b> Every change to a database goes through this class: {@link #put}, {@link #add},
 * {@link #remove}, {@link #setExpire}, {@link #persist}, {@link #clear}, and for aggregates changed in place, a
 * {@link #lookupWrite} followed by {@link #modified}. That is where later modules attach: copy-before-write for
 * snapshots taken a slice at a time, WATCH invalidation, keyspace notifications, and the dirty counter that drives
 * {@code save} points and propagation.
 *
 * <p><b>Expiry.</b> A key whose time has passed is deleted the moment any lookup meets it (lazy expiry), so no
 * command can see it; the active cycle ({@code expire} package) samples the expires table to reclaim keys nobody reads.
 * "Now" is the keyspace's cached command time, so one command sees one consistent instant.
 */
public final class Database {
    private final int id;
    private final Keyspace keyspace;
    private Dict<KeyEntry> keys;
    private Dict<ExpireEntry> expires = new Dict<>();
    long avgTtl;
    /** The sum of this database's entry charges, in bytes (see {@link EntryCharge}). */
    private long charged;

    Database(int id, Keyspace keyspace) {
        this.id = id;
        this.keyspace = keyspace;
        this.keys = new Dict<>(keyspace.expandGuard);
        watchTables();
    }

    public int id() {
        return id;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public int size() {
        return keys.size();
    }

    public int expiresSize() {
        return expires.size();
    }

    /**
     * Looks up a key for reading, expiring it first if its time has passed; updates its access time and counts a
     * keyspace hit or miss (INFO's {@code keyspace_hits}/{@code keyspace_misses}).
     */
    public KeyEntry lookup(byte[] key) {
        KeyEntry e = find(key);
        if (e == null) {
            keyspace.misses++;
            if (keyspace.listener.wants(Events.KEY_MISS)) {
                keyspace.listener.keyEvent(this, Events.KEY_MISS, "keymiss", key);
            }
        } else {
            keyspace.hits++;
        }
        return e;
    }

    /**
     * Looks up a key that the caller may change in place (followed by {@link #modified}); not counted as a hit or
     * miss, as Redis's {@code lookupKeyWrite}.
     */
    public KeyEntry lookupWrite(byte[] key) {
        KeyEntry e = keys.get(key);
        if (e != null && e.expireAt != KeyEntry.NO_EXPIRE && isExpired(e)) {
            deleteExpired(e); // a write replaces an expired key even where expiry is held (Redis's LOOKUP_WRITE)
            e = null;
        }
        if (e != null && !keyspace.noTouch) {
            e.access = keyspace.access.touched(e.access, keyspace.now());
        }
        if (e != null) {
            keyspace.listener.beforeWrite(this, e);
            keyspace.rechargeLater(this, e);
        }
        return e;
    }

    private KeyEntry find(byte[] key) {
        KeyEntry e = keys.get(key);
        if (e == null) {
            return null;
        }
        if (e.expireAt != KeyEntry.NO_EXPIRE && expireIfNeeded(e)) {
            return null;
        }
        if (!keyspace.noTouch) {
            e.access = keyspace.access.touched(e.access, keyspace.now());
        }
        return e;
    }

    /**
     * As {@link #lookup} (lazy expiry, hit/miss counting) but leaves the access time alone: Redis's
     * {@code LOOKUP_NOTOUCH}, used by EXISTS, TYPE, TTL and OBJECT, which must not make a key look recently used.
     */
    public KeyEntry lookupNoTouch(byte[] key) {
        return lookupNoTouch(key, true);
    }

    /** As {@link #lookupNoTouch} without the keymiss notification: OBJECT's lookup ({@code LOOKUP_NONOTIFY}). */
    public KeyEntry lookupNoTouchQuiet(byte[] key) {
        return lookupNoTouch(key, false);
    }

    private KeyEntry lookupNoTouch(byte[] key, boolean notifyMiss) {
        KeyEntry e = keys.get(key);
        if (e != null && e.expireAt != KeyEntry.NO_EXPIRE && expireIfNeeded(e)) {
            e = null;
        }
        if (e == null) {
            keyspace.misses++;
            if (notifyMiss && keyspace.listener.wants(Events.KEY_MISS)) {
                keyspace.listener.keyEvent(this, Events.KEY_MISS, "keymiss", key);
            }
        } else {
            keyspace.hits++;
        }
        return e;
    }

    /** True when the key exists (and is not expired), without touching its access time. */
    public boolean exists(byte[] key) {
        KeyEntry e = keys.get(key);
        return e != null && !(e.expireAt != KeyEntry.NO_EXPIRE && expireIfNeeded(e));
    }

    /** The entry without expiring or touching it, for introspection that must not change state (DEBUG OBJECT). */
    public KeyEntry peek(byte[] key) {
        return keys.get(key);
    }

    /** Sets {@code key} to {@code value}, dropping any TTL unless {@code keepTtl}. */
    public KeyEntry put(byte[] key, Object value, boolean keepTtl) {
        int h = Dict.hash(key);
        KeyEntry e = keys.get(key, h);
        if (e != null && e.expireAt != KeyEntry.NO_EXPIRE && isExpired(e)) {
            deleteExpired(e);
            e = null;
        }
        if (e == null) {
            e = newEntry(key, h, value);
            keys.add(e);
            if (keyspace.listener.wants(Events.NEW)) {
                keyspace.listener.keyEvent(this, Events.NEW, "new", key);
            }
            return e;
        }
        keyspace.listener.beforeWrite(this, e);
        e.value = value;
        e.rawString = false;
        e.access = keyspace.access.initial(keyspace.now());
        if (!keepTtl && e.expireAt != KeyEntry.NO_EXPIRE) {
            removeExpireEntry(e);
        }
        recharge(e);
        keyspace.rechargeLater(this, e);
        return e;
    }

    public KeyEntry put(byte[] key, Object value) {
        return put(key, value, false);
    }

    /**
     * Adds a key known to be absent (the caller looked it up). Where expiry is held, a lookup reports an expired key
     * absent without deleting it: it is deleted here, before its replacement goes in.
     */
    public KeyEntry add(byte[] key, Object value) {
        if (keyspace.expiryHeld) {
            KeyEntry expired = keys.get(key);
            if (expired != null) {
                deleteExpired(expired);
            }
        }
        KeyEntry e = newEntry(key, Dict.hash(key), value);
        keys.add(e);
        if (keyspace.listener.wants(Events.NEW)) {
            keyspace.listener.keyEvent(this, Events.NEW, "new", key);
        }
        return e;
    }

    /**
     * A new key's entry, marked as belonging to the snapshot in progress (if any) so that the snapshot, which shows
     * the dataset as it was when it started, skips it.
     */
    private KeyEntry newEntry(byte[] key, int hash, Object value) {
        KeyEntry e = new KeyEntry(key, hash, value);
        e.access = keyspace.access.initial(keyspace.now());
        e.snapshotMark = keyspace.snapshotMark;
        recharge(e);
        keyspace.rechargeLater(this, e);
        return e;
    }

    /** Replaces the value of an existing entry, keeping its TTL (in-place type changes, SETRANGE growth, ...). */
    public void replaceValue(KeyEntry e, Object value) {
        keyspace.listener.beforeWrite(this, e);
        e.value = value;
        e.rawString = false;
        recharge(e);
    }

    /** Stores a string changed in place, which Redis reports as {@code raw} from then on (see KeyEntry). */
    public void replaceRawString(KeyEntry e, byte[] value) {
        keyspace.listener.beforeWrite(this, e);
        e.value = value;
        e.rawString = true;
        recharge(e);
    }

    /** Removes a key; returns its entry (now detached) or null if it did not exist or had expired. */
    public KeyEntry remove(byte[] key) {
        KeyEntry e = keys.get(key);
        if (e == null) {
            return null;
        }
        if (e.expireAt != KeyEntry.NO_EXPIRE && isExpired(e)) {
            deleteExpired(e);
            return null;
        }
        unlink(e);
        return e;
    }

    /** Sets the absolute expiry time (unix ms) of an existing entry. */
    public void setExpire(KeyEntry e, long when) {
        keyspace.listener.beforeWrite(this, e);
        if (keyspace.tracksOwnExpires && !keyspace.expiryPaused()) {
            keyspace.ownExpires.add(new Keyspace.KeyRef(id(), java.nio.ByteBuffer.wrap(e.key)));
        }
        if (e.expireAt == KeyEntry.NO_EXPIRE) {
            expires.add(new ExpireEntry(e));
        }
        e.expireAt = when;
        recharge(e);
    }

    /** Removes a TTL; returns false if the key had none. */
    public boolean persist(KeyEntry e) {
        if (e.expireAt == KeyEntry.NO_EXPIRE) {
            return false;
        }
        keyspace.listener.beforeWrite(this, e);
        removeExpireEntry(e);
        recharge(e);
        return true;
    }

    private void removeExpireEntry(KeyEntry e) {
        expires.remove(e.key, e.hash);
        e.expireAt = KeyEntry.NO_EXPIRE;
    }

    /**
     * The funnel for every write: counts it for {@code save} points and propagation, invalidates WATCHes and emits
     * the keyspace event of class {@code type} named {@code event}.
     */
    public void modified(byte[] key, int type, String event) {
        keyspace.dirty++;
        keyspace.listener.keyModified(this, key);
        if (event != null) {
            keyspace.listener.keyEvent(this, type, event, key);
        }
    }

    /** Emits a keyspace event without counting a write (e.g. the {@code new} event, key misses). */
    public void event(byte[] key, int type, String event) {
        keyspace.listener.keyEvent(this, type, event, key);
    }

    public void clear() {
        keyspace.listener.beforeReplaceAll(this);
        keyspace.settleCharges();
        keys = new Dict<>(keyspace.expandGuard);
        expires = new Dict<>();
        watchTables();
        avgTtl = 0;
        charged = 0;
    }

    /** The keyspace keeps the total of its tables' bucket arrays: it is told when this database's tables change. */
    private void watchTables() {
        Runnable hook = keyspace::tablesChanged;
        keys.onResize(hook);
        expires.onResize(hook);
    }

    void swapWith(Database other) {
        keyspace.listener.beforeReplaceAll(other);
        exchange(other);
    }

    /**
     * Exchanges contents with {@code other}, which may belong to another keyspace (a staged load): only this
     * database's keyspace is told its contents are replaced.
     */
    void exchange(Database other) {
        keyspace.listener.beforeReplaceAll(this);
        keyspace.settleCharges();
        long c = charged;
        charged = other.charged;
        other.charged = c;
        Dict<KeyEntry> k = keys;
        keys = other.keys;
        other.keys = k;
        Dict<ExpireEntry> x = expires;
        expires = other.expires;
        other.expires = x;
        long a = avgTtl;
        avgTtl = other.avgTtl;
        other.avgTtl = a;
        watchTables();
        other.watchTables();
    }

    /** DEBUG HTSTATS: the key table's and the expiry table's statistics, as Redis prints them. */
    public String tableStats() {
        return "[Dictionary HT]\n" + keys.stats() + "[Expires HT]\n" + expires.stats();
    }

    boolean isExpired(KeyEntry e) {
        return e.expireAt <= keyspace.now() && !keyspace.expiryPaused();
    }

    /**
     * Whether the key's time has passed, deleting it then, unless expiry is held (a replica, a client pause), when
     * it only reads as absent.
     */
    public boolean expireIfNeeded(KeyEntry e) {
        if (e.expireAt == KeyEntry.NO_EXPIRE || !isExpired(e)) {
            return false;
        }
        if (!keyspace.expiryHeld) {
            deleteExpired(e);
        }
        return true;
    }

    private void deleteExpired(KeyEntry e) {
        unlink(e);
        keyspace.expiredKeys++;
        keyspace.listener.keyExpired(this, e.key);
        keyspace.listener.keyEvent(this, Events.EXPIRED, "expired", e.key);
        keyspace.listener.keyModified(this, e.key);
    }

    /** Takes an entry out of both tables after the before-write hook saw it, and drops its charge. */
    private void unlink(KeyEntry e) {
        keyspace.listener.beforeWrite(this, e);
        keys.remove(e.key, e.hash);
        if (e.expireAt != KeyEntry.NO_EXPIRE) {
            expires.remove(e.key, e.hash);
        }
        uncharge(e);
    }

    /** One SCAN step over the key table; expired keys met on the way are deleted, not returned. */
    /**
     * Holds the key table's layout still for a {@link SnapshotCursor}: rehashing paused (the table may still start
     * growing into a second table, which then takes the new keys), as Redis disables resizing while a child saves.
     */
    void holdKeyTable() {
        keys.pauseRehashing();
    }

    void releaseKeyTable() {
        keys.resumeRehashing();
    }

    /** A table-order walk of the held key table (see {@link Dict#walk}). */
    long walkKeys(long position, int buckets, Dict.Visitor<KeyEntry> visitor) {
        return keys.walk(position, buckets, visitor);
    }

    public long scan(long cursor, Dict.Visitor<KeyEntry> visitor) {
        return keys.scan(cursor, visitor);
    }

    /** A random non-expired key, or null. Gives up after many expired picks, as Redis does, and returns one of them. */
    public byte[] randomKey() {
        int tries = 100;
        while (keys.size() > 0) {
            KeyEntry e = keys.random();
            if (e.expireAt != KeyEntry.NO_EXPIRE && isExpired(e)) {
                if (--tries == 0 && (keys.size() == expires.size() || keyspace.expiryHeld)) {
                    return e.key;
                }
                if (!keyspace.expiryHeld) {
                    deleteExpired(e);
                }
                continue;
            }
            return e.key;
        }
        return null;
    }

    /** Samples up to {@code count} keys with a TTL into {@code out}; returns how many. */
    public int sampleExpires(KeyEntry[] out, int count) {
        ExpireEntry[] tmp = new ExpireEntry[count];
        int n = expires.sample(tmp, count);
        for (int i = 0; i < n; i++) {
            out[i] = tmp[i].target;
        }
        return n;
    }

    /** Sizes the empty tables for {@code keys} keys, {@code expiring} of them with a TTL (a snapshot's RESIZEDB). */
    public void reserve(long keys, long expiring) {
        this.keys.reserve(keys);
        expires.reserve(expiring);
    }

    /** Sets what a key remembers of its use from a dump's IDLETIME or FREQ (see {@link AccessClock#restored}). */
    public void restoreAccess(KeyEntry e, long idleSeconds, int freq) {
        e.access = keyspace.access.restored(e.access, idleSeconds, freq, keyspace.now());
    }

    /** Samples up to {@code count} keys of the whole table into {@code out} (eviction); returns how many. */
    public int sampleKeys(KeyEntry[] out, int count) {
        return keys.sample(out, count);
    }

    /** A random key, or null when empty (random eviction). */
    public KeyEntry randomEntry() {
        return keys.size() == 0 ? null : keys.random();
    }

    /** A random key with a TTL, or null when there is none (volatile-random eviction). */
    public KeyEntry randomExpiring() {
        return expires.size() == 0 ? null : expires.random().target;
    }

    /**
     * Deletes a key chosen by eviction: counted in {@code evicted_keys}, signalled as modified (WATCH), notified as
     * {@code evicted}, and propagated as a deletion.
     */
    public void evict(KeyEntry e) {
        unlink(e);
        keyspace.evictedKeys++;
        keyspace.listener.keyModified(this, e.key);
        keyspace.listener.keyEvent(this, Events.EVICTED, "evicted", e.key);
        keyspace.listener.keyEvicted(this, e.key);
    }

    /** Expires the entry if due (active cycle); returns true when it was deleted. */
    public boolean activeExpire(KeyEntry e) {
        if (e.expireAt != KeyEntry.NO_EXPIRE && e.expireAt <= keyspace.now()) {
            deleteExpired(e);
            return true;
        }
        return false;
    }

    /** Spends up to {@code nanos} finishing incremental rehashes (server cron). */
    public void rehashFor(long nanos) {
        keys.rehashFor(nanos);
        expires.rehashFor(nanos);
    }

    // ---------------------------------------------------------------- memory accounting

    /** Charges the entry what it occupies now, replacing what it was charged before. */
    void recharge(KeyEntry e) {
        if (e.charge == KeyEntry.DETACHED) {
            return;
        }
        int units = EntryCharge.units(e);
        charged += (units - (long) e.charge) * 8;
        e.charge = units;
    }

    private void uncharge(KeyEntry e) {
        if (e.charge != KeyEntry.DETACHED) {
            charged -= e.charge * 8L;
            e.charge = KeyEntry.DETACHED;
        }
    }

    /** The heap this database's keys and values occupy, as maintained by the charges. */
    public long chargedBytes() {
        return charged;
    }

    /** The heap of the two hash tables' bucket arrays (the entries themselves are in {@link #chargedBytes}). */
    public long tableBytes() {
        return keyTableBytes() + expireTableBytes();
    }

    public long keyTableBytes() {
        return EntryCharge.tableBytes(keys.buckets());
    }

    public long expireTableBytes() {
        return EntryCharge.tableBytes(expires.buckets());
    }

    static boolean sameKey(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
