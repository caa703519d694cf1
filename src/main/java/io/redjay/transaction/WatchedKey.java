package io.redjay.transaction;

import io.redjay.client.Client;

/**
 * One (database, key) that one client WATCHes, shared by the client's own list (for UNWATCH and disconnects) and the
 * registry's per-key list (for invalidation).
 *
 * <p>Two bits of state make expiry and whole-database changes come out as in Redis. {@code expired}: the key was
 * already past its TTL (but not yet deleted) when WATCH ran; a stale key that is later deleted, by lazy or active
 * expiry or a flush, has not logically changed. {@code present}: whether the key's entry is in the table. While the
 * watcher is clean this can only change through a touch (which flags it) or the deletion of a stale entry (which
 * clears {@code expired}), so after FLUSHDB or SWAPDB the registry still knows whether the key existed before, which
 * is what decides whether the watcher must fail.
 */
final class WatchedKey {
    final Client client;
    final int db;
    final byte[] key;
    boolean expired;
    boolean present;

    WatchedKey(Client client, int db, byte[] key, boolean expired, boolean present) {
        this.client = client;
        this.db = db;
        this.key = key;
        this.expired = expired;
        this.present = present;
    }
}
