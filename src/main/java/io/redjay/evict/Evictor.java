package io.redjay.evict;

import io.redjay.keyspace.AccessClock;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;

import java.util.function.LongSupplier;

/**
 * Keeps {@code used_memory} under the memory limit by deleting keys the policy ranks as the least worth keeping, as
 * Redis's {@code performEvictions}: called before every command while a limit applies, it deletes keys until the
 * memory counted for eviction is back under the limit, or its time budget runs out, or nothing can be evicted.
 *
 * <p><b>Choosing a victim.</b> The ranked policies (LRU, LFU, TTL) sample {@code maxmemory-samples} keys of each
 * database, from all keys or only those with a TTL, into an {@link EvictionPool} and take its best candidate. This
 * is Redis's approximation: with 5 samples and the pool's memory it evicts almost the keys a true LRU would, at a
 * fixed cost per eviction. The random policies take a random key, visiting databases round-robin.
 *
 * <p><b>Time budget.</b> Eviction runs on the executor, so a large amount to free (a lowered {@code maxmemory}, a
 * huge value written) must not stall every client: after {@code maxmemory-eviction-tenacity}'s budget (50 µs per
 * tenacity step up to 10, then growing 15% per step, unbounded at 100), the command is let through and the remaining
 * work continues in later executor tasks, as Redis continues it from a timer. Memory is measured by the accounting
 * the keyspace maintains, so freeing is visible at once, not after the next garbage collection.
 */
public final class Evictor {
    /** Under the limit (or the limit does not apply). */
    public static final int OK = 0;
    /** Over the limit, but eviction is progressing in the background: commands may still run. */
    public static final int RUNNING = 1;
    /** Over the limit and nothing more can be evicted: commands that grow memory are refused. */
    public static final int FAIL = 2;

    private final Keyspace keyspace;
    private final LongSupplier countedMemory;
    private final Runnable scheduleContinuation;
    private final EvictionPool pool = new EvictionPool();
    private final KeyEntry[] sample = new KeyEntry[64];
    private int nextDb;
    private boolean continuing;
    /** The database of the victim the last pick returned. */
    private Database victimDb;

    private EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private long limit;
    private int samples = 5;
    private int tenacity = 10;

    /**
     * @param countedMemory        the memory counted against the limit (used_memory less what Redis does not count
     *                             for eviction)
     * @param scheduleContinuation runs {@link #continueInBackground} later on the executor
     */
    public Evictor(Keyspace keyspace, LongSupplier countedMemory, Runnable scheduleContinuation) {
        this.keyspace = keyspace;
        this.countedMemory = countedMemory;
        this.scheduleContinuation = scheduleContinuation;
    }

    /** Applies the limit in bytes (0: none), the policy, {@code maxmemory-samples} and the tenacity. */
    public void configure(long limitBytes, EvictionPolicy policy, int samples, int tenacity) {
        this.limit = limitBytes;
        this.policy = policy;
        this.samples = Math.min(samples, sample.length);
        this.tenacity = tenacity;
    }

    public long limit() {
        return limit;
    }

    /** Bytes over the limit now; 0 when under it or without a limit. */
    public long excess() {
        if (limit == 0) {
            return 0;
        }
        return Math.max(0, countedMemory.getAsLong() - limit);
    }

    /** Evicts until under the limit or out of budget; {@link #OK}, {@link #RUNNING} or {@link #FAIL}. */
    public int perform() {
        long toFree = excess();
        if (toFree == 0) {
            return OK;
        }
        if (policy == EvictionPolicy.NOEVICTION) {
            return FAIL;
        }
        long budget = budgetNanos();
        long start = System.nanoTime();
        long freed = 0;
        int evicted = 0;
        while (freed < toFree) {
            KeyEntry victim = policy.rank == EvictionPolicy.Rank.NONE ? randomVictim() : rankedVictim();
            if (victim == null) {
                return continuing ? RUNNING : FAIL;
            }
            long before = countedMemory.getAsLong();
            victimDb.evict(victim);
            freed += before - countedMemory.getAsLong();
            evicted++;
            if ((evicted & 15) == 0 && System.nanoTime() - start > budget) {
                if (!continuing) {
                    continuing = true;
                    scheduleContinuation.run();
                }
                return RUNNING;
            }
        }
        return continuing ? RUNNING : OK;
    }

    /** One background step, rescheduling itself while there is still memory to free. */
    public void continueInBackground() {
        continuing = false;
        perform();
    }

    /** Whether a background continuation is pending (INFO's {@code evictions} state in tests). */
    public boolean running() {
        return continuing;
    }

    private KeyEntry rankedVictim() {
        while (true) {
            long candidates = 0;
            for (int i = 0; i < keyspace.databases(); i++) {
                Database db = keyspace.db(i);
                int size = policy.allKeys ? db.size() : db.expiresSize();
                if (size > 0) {
                    populate(db);
                    candidates += size;
                }
            }
            if (candidates == 0) {
                return null;
            }
            for (int k = pool.best(EvictionPool.SIZE - 1); k >= 0; k = pool.best(k - 1)) {
                Database db = keyspace.db(pool.db(k));
                KeyEntry e = db.peek(pool.key(k));
                pool.clear(k);
                if (e != null && (policy.allKeys || e.hasExpire())) {
                    victimDb = db;
                    return e;
                }
            }
        }
    }

    private void populate(Database db) {
        int n = policy.allKeys ? db.sampleKeys(sample, samples) : db.sampleExpires(sample, samples);
        long now = keyspace.now();
        AccessClock clock = keyspace.access();
        for (int i = 0; i < n; i++) {
            KeyEntry e = sample[i];
            long score = switch (policy.rank) {
                case IDLE -> AccessClock.idleMillis(e.access(), now);
                case RARITY -> 255 - clock.decayed(e.access(), now);
                default -> Long.MAX_VALUE - e.expireAt();
            };
            pool.offer(score, e.key(), db.id());
            sample[i] = null;
        }
    }

    private KeyEntry randomVictim() {
        for (int i = 0; i < keyspace.databases(); i++) {
            nextDb = (nextDb + 1) % keyspace.databases();
            Database db = keyspace.db(nextDb);
            KeyEntry e = policy.allKeys ? db.randomEntry() : db.randomExpiring();
            if (e != null) {
                victimDb = db;
                return e;
            }
        }
        return null;
    }

    /** Redis's {@code evictionTimeLimitUs}, in nanoseconds. */
    private long budgetNanos() {
        if (tenacity <= 10) {
            return 50_000L * tenacity;
        }
        if (tenacity < 100) {
            return (long) (500_000.0 * Math.pow(1.15, tenacity - 10.0));
        }
        return Long.MAX_VALUE;
    }
}
