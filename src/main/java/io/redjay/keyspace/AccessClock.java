package io.redjay.keyspace;

import java.util.SplittableRandom;

/**
 * What each key remembers of its use, in the 24 bits Redis gives it, so that OBJECT IDLETIME, OBJECT FREQ, the
 * eviction policies and the IDLE/FREQ fields of a snapshot mean what they mean in Redis.
 *
 * <p><b>LRU.</b> A key stores the LRU clock of its last access: unix seconds modulo 2^24 (about 194 days, after
 * which the clock wraps and the idle time is computed across the wrap). One second of resolution is all eviction
 * needs, and it keeps the field to an int.
 *
 * <p><b>LFU.</b> Under an {@code *-lfu} policy the same int holds two fields instead: the minute (modulo 2^16) the
 * counter was last decremented, and an 8-bit logarithmic counter (Morris): each access increments it with
 * probability {@code 1 / ((counter - 5) * lfu-log-factor + 1)}, so 255 stands for about a million accesses at the
 * default factor 10; every {@code lfu-decay-time} minutes without access take one off. New keys start at 5, so
 * that they are not evicted before they had a chance to be used. Switching policy at run time reinterprets the
 * stored ints, as Redis does: the data takes a while to adjust.
 */
public final class AccessClock {
    static final int LRU_MAX = (1 << 24) - 1;
    static final int LFU_INIT = 5;
    private static final int MINUTES_MAX = 65535;

    private boolean lfu;
    private int logFactor = 10;
    private int decayMinutes = 1;
    private final SplittableRandom random = new SplittableRandom(0x5eedL);

    /** Follows {@code maxmemory-policy}, {@code lfu-log-factor} and {@code lfu-decay-time}. */
    public void configure(boolean lfuPolicy, int lfuLogFactor, int lfuDecayTime) {
        this.lfu = lfuPolicy;
        this.logFactor = lfuLogFactor;
        this.decayMinutes = lfuDecayTime;
    }

    public boolean lfu() {
        return lfu;
    }

    /** The value a new key starts with. */
    int initial(long nowMillis) {
        return lfu ? (minutes(nowMillis) << 8) | LFU_INIT : lruClock(nowMillis);
    }

    /** The value after one access. */
    int touched(int stored, long nowMillis) {
        if (!lfu) {
            return lruClock(nowMillis);
        }
        int counter = logIncrement(decayed(stored, nowMillis));
        return (minutes(nowMillis) << 8) | counter;
    }

    static int lruClock(long nowMillis) {
        return (int) ((nowMillis / 1000) & LRU_MAX);
    }

    /** Milliseconds since the access an LRU value records, across a wrap of the clock. */
    public static long idleMillis(int stored, long nowMillis) {
        int clock = lruClock(nowMillis);
        long seconds = clock >= stored ? clock - stored : clock + (LRU_MAX - stored);
        return seconds * 1000;
    }

    /** The LFU counter after the decay due by now, without storing it (OBJECT FREQ, eviction). */
    public int decayed(int stored, long nowMillis) {
        int counter = stored & 255;
        if (decayMinutes == 0) {
            return counter;
        }
        int last = stored >>> 8;
        int now = minutes(nowMillis);
        int elapsed = now >= last ? now - last : MINUTES_MAX - last + now;
        int periods = elapsed / decayMinutes;
        return periods > counter ? 0 : counter - periods;
    }

    /**
     * The stored value for a key restored with {@code IDLETIME} or {@code FREQ} (RESTORE, a snapshot's IDLE/FREQ), as
     * Redis's {@code objectSetLRUOrLFU}: only the kind the current policy tracks is applied; -1 leaves {@code stored}.
     */
    public int restored(int stored, long idleSeconds, int freq, long nowMillis) {
        if (lfu && freq >= 0) {
            return (minutes(nowMillis) << 8) | Math.min(255, freq);
        }
        if (!lfu && idleSeconds >= 0) {
            long clock = lruClock(nowMillis);
            return (int) ((clock - Math.min(idleSeconds, LRU_MAX)) & LRU_MAX);
        }
        return stored;
    }

    private int logIncrement(int counter) {
        if (counter == 255) {
            return 255;
        }
        double base = Math.max(0, counter - LFU_INIT);
        return random.nextDouble() < 1.0 / (base * logFactor + 1) ? counter + 1 : counter;
    }

    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 60_000) & MINUTES_MAX);
    }
}
