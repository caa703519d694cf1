package io.redjay.expire;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;

/**
 * Reclaims expired keys that nobody reads, as Redis's {@code activeExpireCycle}: each run samples up to 20 keys with a
 * TTL per database and deletes the due ones, repeating on a database while more than 10% of a sample was due, and
 * stops when its time budget (25% of a {@code hz} tick) is spent. Databases are visited round-robin across runs so a
 * large one cannot starve the others. The time budget keeps the executor responsive however many keys expire at once.
 */
public final class ActiveExpireCycle {
    private static final int KEYS_PER_LOOP = 20;
    private static final int ACCEPTABLE_STALE_PERCENT = 10;
    private static final int SLOW_TIME_PERC = 25;

    private final Keyspace keyspace;
    private final KeyEntry[] sample = new KeyEntry[KEYS_PER_LOOP];
    private int nextDb;
    private boolean enabled = true;
    private long stalePercentEstimate;

    public ActiveExpireCycle(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** DEBUG SET-ACTIVE-EXPIRE switches the cycle off and on, for tests that observe lazy expiry alone. */
    public void enabled(boolean on) {
        this.enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Estimated percentage of keys with a TTL that are already expired, for INFO's {@code expired_stale_perc}. */
    public long stalePercent() {
        return stalePercentEstimate;
    }

    /** Runs one cycle with the budget of a tick at {@code hz}. */
    public void run(int hz) {
        if (!enabled || !keyspace.expiryDeletes()) {
            return;
        }
        long budgetNanos = 1_000_000_000L * SLOW_TIME_PERC / 100 / Math.max(1, hz);
        long deadline = System.nanoTime() + budgetNanos;
        keyspace.updateTime();
        int dbs = keyspace.databases();
        long sampledTotal = 0;
        long expiredTotal = 0;
        for (int i = 0; i < dbs; i++) {
            Database db = keyspace.db(nextDb);
            nextDb = (nextDb + 1) % dbs;
            int iterations = 0;
            while (db.expiresSize() > 0) {
                int n = db.sampleExpires(sample, KEYS_PER_LOOP);
                int expired = 0;
                for (int k = 0; k < n; k++) {
                    if (db.activeExpire(sample[k])) {
                        expired++;
                    }
                    sample[k] = null;
                }
                sampledTotal += n;
                expiredTotal += expired;
                iterations++;
                if ((iterations & 15) == 0 && System.nanoTime() >= deadline) {
                    updateEstimate(sampledTotal, expiredTotal);
                    return;
                }
                if (n == 0 || expired * 100 <= (long) n * ACCEPTABLE_STALE_PERCENT) {
                    break;
                }
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
        }
        updateEstimate(sampledTotal, expiredTotal);
    }

    private void updateEstimate(long sampled, long expired) {
        long current = sampled == 0 ? 0 : expired * 100 / sampled;
        stalePercentEstimate = (current * 5 + stalePercentEstimate * 95) / 100;
    }
}
