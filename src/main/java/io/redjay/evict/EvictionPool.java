package io.redjay.evict;

/**
 * The best eviction candidates seen so far, as Redis's {@code evictionPoolPopulate} keeps them: sixteen slots in
 * ascending order of score, refilled from a few sampled keys per database at each eviction. A key enters only if it
 * beats the worst candidate of a full pool, so the pool converges on the keys that a full scan would pick, at a cost
 * of {@code maxmemory-samples} lookups per eviction. Candidates are remembered by name and database, and checked
 * again when taken: the key may have been deleted or rewritten since it was sampled.
 */
final class EvictionPool {
    static final int SIZE = 16;

    private final long[] scores = new long[SIZE];
    private final byte[][] keys = new byte[SIZE][];
    private final int[] dbs = new int[SIZE];

    /** Offers a sampled key; the pool keeps it if it is among the sixteen best seen. */
    void offer(long score, byte[] key, int db) {
        int k = 0;
        while (k < SIZE && keys[k] != null && scores[k] < score) {
            k++;
        }
        if (k == 0 && keys[SIZE - 1] != null) {
            return;
        }
        if (k < SIZE && keys[k] == null) {
            put(k, score, key, db);
            return;
        }
        if (keys[SIZE - 1] == null) {
            System.arraycopy(scores, k, scores, k + 1, SIZE - k - 1);
            System.arraycopy(keys, k, keys, k + 1, SIZE - k - 1);
            System.arraycopy(dbs, k, dbs, k + 1, SIZE - k - 1);
            put(k, score, key, db);
        } else {
            k--;
            System.arraycopy(scores, 1, scores, 0, k);
            System.arraycopy(keys, 1, keys, 0, k);
            System.arraycopy(dbs, 1, dbs, 0, k);
            put(k, score, key, db);
        }
    }

    private void put(int k, long score, byte[] key, int db) {
        scores[k] = score;
        keys[k] = key;
        dbs[k] = db;
    }

    /** The index of the best candidate at or below {@code from}, or -1; walking down skips emptied slots. */
    int best(int from) {
        for (int k = Math.min(from, SIZE - 1); k >= 0; k--) {
            if (keys[k] != null) {
                return k;
            }
        }
        return -1;
    }

    byte[] key(int k) {
        return keys[k];
    }

    int db(int k) {
        return dbs[k];
    }

    /** Empties a slot once its candidate was taken or found gone. */
    void clear(int k) {
        keys[k] = null;
        scores[k] = 0;
    }
}
