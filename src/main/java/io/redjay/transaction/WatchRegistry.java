package io.redjay.transaction;

import io.redjay.client.Client;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who WATCHes what: for each database, each watched key and the clients watching it. The keyspace's write funnel
 * reports every change here ({@link #keyModified}, {@link #databaseChanged}), and a change flags every client watching
 * that key so that its next EXEC replies a null array.
 *
 * <p>Watches belong to a database number, not to the data: SWAPDB changes the data under them (and so flags watchers
 * of keys that exist on either side) but does not move them. A key name in another database is a different key.
 *
 * <p>Every write passes through {@link #keyModified}, so the common case (nobody watches anything) costs one
 * comparison. A flagged client's watches are dropped at once: it cannot be flagged twice, and it no longer costs
 * anything on later writes.
 */
public final class WatchRegistry {
    private final Keyspace keyspace;
    private final Map<Integer, Map<ByteBuffer, List<WatchedKey>>> byDb = new HashMap<>();
    private int watchedKeys;

    public WatchRegistry(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Starts watching {@code key} of {@code db} for {@code c}, unless it already does. */
    public void watch(Client c, Database db, byte[] key) {
        List<WatchedKey> own = c.transaction().watched;
        for (WatchedKey wk : own) {
            if (wk.db == db.id() && Arrays.equals(wk.key, key)) {
                return;
            }
        }
        KeyEntry e = db.peek(key);
        WatchedKey wk = new WatchedKey(c, db.id(), key, e != null && isStale(e), e != null);
        own.add(wk);
        byDb.computeIfAbsent(db.id(), k -> new HashMap<>())
                .computeIfAbsent(ByteBuffer.wrap(key), k -> new ArrayList<>(1)).add(wk);
        watchedKeys++;
    }

    /** Forgets every watch of {@code c} (UNWATCH, EXEC, DISCARD, a touch, a disconnect). */
    public void unwatchAll(Client c) {
        List<WatchedKey> own = c.transaction().watched;
        for (WatchedKey wk : own) {
            Map<ByteBuffer, List<WatchedKey>> keys = byDb.get(wk.db);
            ByteBuffer kb = ByteBuffer.wrap(wk.key);
            List<WatchedKey> watchers = keys.get(kb);
            watchers.remove(wk);
            if (watchers.isEmpty()) {
                keys.remove(kb);
                if (keys.isEmpty()) {
                    byDb.remove(wk.db);
                }
            }
            watchedKeys--;
        }
        own.clear();
    }

    /** Ends the client's transaction state: out of MULTI, queue dropped, nothing watched (Redis's discard). */
    public void discard(Client c) {
        c.transaction().reset();
        unwatchAll(c);
    }

    /** UNWATCH: nothing watched and the touched flag cleared, but MULTI (if any) goes on. */
    public void unwatch(Client c) {
        unwatchAll(c);
        c.transaction().clearTouched();
    }

    /** Keyspace funnel: {@code key} of {@code db} was written, deleted or expired. */
    public void keyModified(Database db, byte[] key) {
        if (watchedKeys == 0) {
            return;
        }
        Map<ByteBuffer, List<WatchedKey>> keys = byDb.get(db.id());
        if (keys == null) {
            return;
        }
        List<WatchedKey> watchers = keys.get(ByteBuffer.wrap(key));
        if (watchers == null) {
            return;
        }
        List<Client> touched = new ArrayList<>(watchers.size());
        for (WatchedKey wk : watchers) {
            if (wk.expired) {
                if (db.peek(key) == null) {
                    wk.expired = false;
                    wk.present = false;
                }
                continue;
            }
            touched.add(wk.client);
        }
        for (Client c : touched) {
            c.transaction().flagTouched();
            unwatchAll(c);
        }
    }

    /**
     * Keyspace funnel, after FLUSHDB, FLUSHALL ({@code db == null}) or SWAPDB replaced the content of a database. A
     * watcher fails when its key existed before or exists now, except where only stale keys are involved: a stale key
     * that is gone, or replaced by another stale key, and a missing key replaced by a stale one, are no change.
     */
    public void databaseChanged(Database db) {
        if (watchedKeys == 0) {
            return;
        }
        for (Map.Entry<Integer, Map<ByteBuffer, List<WatchedKey>>> e : new ArrayList<>(byDb.entrySet())) {
            if (db == null || db.id() == e.getKey()) {
                Database current = keyspace.db(e.getKey());
                for (Map.Entry<ByteBuffer, List<WatchedKey>> k : e.getValue().entrySet()) {
                    KeyEntry now = current.peek(k.getKey().array());
                    for (WatchedKey wk : k.getValue()) {
                        replaced(wk, now);
                    }
                }
            }
        }
    }

    private void replaced(WatchedKey wk, KeyEntry now) {
        boolean existed = wk.present;
        boolean exists = now != null;
        if (!existed && !exists) {
            return;
        }
        wk.present = exists;
        if (wk.expired) {
            if (!exists) {
                wk.expired = false;
                return;
            }
            if (isStale(now)) {
                return;
            }
        } else if (!existed && isStale(now)) {
            wk.expired = true;
            return;
        }
        wk.client.transaction().flagTouched();
    }

    /** Whether a key that was live when WATCHed has passed its TTL since (EXEC then fails, as in Redis 7). */
    public boolean watchedKeyExpired(Client c) {
        for (WatchedKey wk : c.transaction().watched) {
            if (wk.expired) {
                continue;
            }
            KeyEntry e = keyspace.db(wk.db).peek(wk.key);
            if (e != null && isStale(e)) {
                return true;
            }
        }
        return false;
    }

    private boolean isStale(KeyEntry e) {
        return e.hasExpire() && e.expireAt() <= keyspace.now() && !keyspace.expiryPaused();
    }

    /** Number of (database, key) pairs watched by at least one client. */
    public int watchedKeyCount() {
        int n = 0;
        for (Map<ByteBuffer, List<WatchedKey>> m : byDb.values()) {
            n += m.size();
        }
        return n;
    }
}
