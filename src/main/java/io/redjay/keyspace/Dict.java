package io.redjay.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A chained hash table with incremental rehashing and a resize-proof scan cursor, modelled on Redis's {@code dict.c}.
 *
 * <p><b>Why not {@code HashMap}.</b> A {@code HashMap} resizes in one step: at 10 million keys that is a pause of
 * hundreds of milliseconds on the executor thread, which serves every client. Here a resize allocates the new bucket
 * array and then moves a few buckets per operation (and a bounded number per server tick), so no single command pays
 * for the whole move. While rehashing, lookups probe both tables and inserts go to the new one.
 *
 * <p><b>Scanning.</b> {@link #scan} uses Redis's reverse-binary cursor: the cursor's bits are incremented from the
 * most significant end of the mask, so buckets that split or merge when the table doubles or halves are visited in
 * an order that never skips an element present for the whole scan (elements may be returned twice). Snapshots and
 * SCAN share this iteration.
 *
 * <p>Shrinking happens when the table is less than 10% full, as in Redis, so deleting most keys gives memory back.
 *
 * @param <E> the node type: the entry classes extend {@link DictEntry}
 */
public final class Dict<E extends DictEntry> {
    private static final int INITIAL_SIZE = 4;
    private static final int EMPTY_VISITS = 10;

    private DictEntry[] table0 = new DictEntry[0];
    private DictEntry[] table1;
    private int used0;
    private int used1;
    private int rehashIndex = -1;
    private int pauseRehash;
    private final ExpandGuard guard;
    /**
     * Told whenever a bucket array is replaced, so the keyspace's table total is recomputed only then; null for the
     * tables of values (a hash's fields, a set's members), which nobody totals.
     */
    private Runnable resized;

    /**
     * Decides whether a table may grow into a new bucket array of {@code bytes}: a database's tables ask the memory
     * limit, as Redis's {@code dictExpandAllowed} does, so that doubling a large table does not by itself push the
     * server over {@code maxmemory} and evict keys for memory that only the table's growth wanted. A table refused
     * keeps working with longer chains, and grows anyway once it holds 1.618 entries per bucket.
     */
    @FunctionalInterface
    public interface ExpandGuard {
        boolean allows(long bytes);
    }

    private static final double FORCED_EXPAND_RATIO = 1.618;
    /**
     * While a snapshot holds the table, it grows only past this many entries per bucket: Redis's
     * {@code dict_force_resize_ratio}, which keeps a forked child's pages shared by not resizing under it; here it
     * keeps the walk on one table.
     */
    private static final int HELD_EXPAND_RATIO = 5;

    public Dict() {
        this(null);
    }

    public Dict(ExpandGuard guard) {
        this.guard = guard;
    }

    private void resized() {
        if (resized != null) {
            resized.run();
        }
    }

    /** Sets who is told when the bucket arrays change ({@link #buckets} then changes too). */
    public void onResize(Runnable hook) {
        resized = hook;
        hook.run();
    }

    public int size() {
        return used0 + used1;
    }

    public boolean isRehashing() {
        return rehashIndex >= 0;
    }

    /** Number of buckets (both tables while rehashing), for INFO and tests. */
    public int buckets() {
        return table0.length + (table1 == null ? 0 : table1.length);
    }

    /**
     * DEBUG HTSTATS: Redis's {@code dictGetStats} text for the main table, and for the rehashing target while a rehash
     * runs (table size, elements, used buckets, chain lengths and their distribution).
     */
    public String stats() {
        StringBuilder sb = new StringBuilder();
        tableStats(sb, table0, used0, 0);
        if (isRehashing()) {
            tableStats(sb, table1, used1, 1);
        }
        return sb.toString();
    }

    private static final int STATS_VECTOR = 50;

    private static void tableStats(StringBuilder sb, DictEntry[] t, int used, int index) {
        String name = index == 0 ? "main hash table" : "rehashing target";
        if (used == 0) {
            sb.append("Hash table ").append(index).append(" stats (").append(name).append("):\n")
                    .append("No stats available for empty dictionaries\n");
            return;
        }
        long[] lengths = new long[STATS_VECTOR];
        long slots = 0;
        long maxChain = 0;
        long totalChain = 0;
        for (DictEntry head : t) {
            long chain = 0;
            for (DictEntry e = head; e != null; e = e.next) {
                chain++;
            }
            lengths[(int) Math.min(chain, STATS_VECTOR - 1)]++;
            if (chain > 0) {
                slots++;
                maxChain = Math.max(maxChain, chain);
                totalChain += chain;
            }
        }
        sb.append(String.format(java.util.Locale.ROOT, "Hash table %d stats (%s):\n table size: %d\n number of "
                + "elements: %d\n different slots: %d\n max chain length: %d\n avg chain length (counted): %.2f\n"
                + " avg chain length (computed): %.2f\n Chain length distribution:\n", index, name, t.length, used,
                slots, maxChain, (float) totalChain / slots, (float) used / slots));
        for (int i = 0; i < STATS_VECTOR - 1; i++) {
            if (lengths[i] != 0) {
                sb.append(String.format(java.util.Locale.ROOT, "   %d: %d (%.2f%%)\n", i, lengths[i],
                        (float) lengths[i] / t.length * 100));
            }
        }
    }

    public static int hash(byte[] key) {
        return Hashing.hash(key);
    }

    @SuppressWarnings("unchecked")
    public E get(byte[] key) {
        return get(key, Hashing.hash(key));
    }

    @SuppressWarnings("unchecked")
    public E get(byte[] key, int h) {
        if (size() == 0) {
            return null;
        }
        if (rehashIndex >= 0) {
            rehashStep();
        }
        DictEntry[] t = table0;
        for (int pass = 0; pass < 2; pass++) {
            if (t == null || t.length == 0) {
                break;
            }
            int idx = h & (t.length - 1);
            for (DictEntry e = t[idx]; e != null; e = e.next) {
                if (e.hash == h && Arrays.equals(e.key, key)) {
                    return (E) e;
                }
            }
            if (rehashIndex < 0) {
                break;
            }
            t = table1;
        }
        return null;
    }

    /** Adds an entry whose key is known to be absent. */
    public void add(E entry) {
        if (rehashIndex >= 0) {
            rehashStep();
        }
        expandIfNeeded();
        if (rehashIndex >= 0) {
            int idx = entry.hash & (table1.length - 1);
            entry.next = table1[idx];
            table1[idx] = entry;
            used1++;
        } else {
            int idx = entry.hash & (table0.length - 1);
            entry.next = table0[idx];
            table0[idx] = entry;
            used0++;
        }
    }

    /** Replaces the node holding {@code old.key} by {@code replacement} (same key), keeping its bucket position. */
    public void replace(E old, E replacement) {
        replacement.next = old.next;
        if (!replaceIn(table0, old, replacement) && table1 != null) {
            replaceIn(table1, old, replacement);
        }
    }

    private static boolean replaceIn(DictEntry[] t, DictEntry old, DictEntry replacement) {
        if (t.length == 0) {
            return false;
        }
        int idx = old.hash & (t.length - 1);
        DictEntry prev = null;
        for (DictEntry e = t[idx]; e != null; prev = e, e = e.next) {
            if (e == old) {
                if (prev == null) {
                    t[idx] = replacement;
                } else {
                    prev.next = replacement;
                }
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    public E remove(byte[] key) {
        return remove(key, Hashing.hash(key));
    }

    @SuppressWarnings("unchecked")
    public E remove(byte[] key, int h) {
        if (size() == 0) {
            return null;
        }
        if (rehashIndex >= 0) {
            rehashStep();
        }
        E removed = (E) removeFrom(table0, key, h);
        if (removed != null) {
            used0--;
        } else if (rehashIndex >= 0) {
            removed = (E) removeFrom(table1, key, h);
            if (removed != null) {
                used1--;
            }
        }
        if (removed != null) {
            shrinkIfNeeded();
        }
        return removed;
    }

    private static DictEntry removeFrom(DictEntry[] t, byte[] key, int h) {
        if (t == null || t.length == 0) {
            return null;
        }
        int idx = h & (t.length - 1);
        DictEntry prev = null;
        for (DictEntry e = t[idx]; e != null; prev = e, e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                if (prev == null) {
                    t[idx] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                return e;
            }
        }
        return null;
    }

    public void clear() {
        table0 = new DictEntry[0];
        table1 = null;
        used0 = 0;
        used1 = 0;
        rehashIndex = -1;
        resized();
    }

    private void expandIfNeeded() {
        if (rehashIndex >= 0) {
            return;
        }
        if (table0.length == 0) {
            table0 = new DictEntry[INITIAL_SIZE];
            resized();
            return;
        }
        if (used0 >= table0.length && table0.length < (1 << 30)) {
            if (pauseRehash > 0 && used0 <= (long) table0.length * HELD_EXPAND_RATIO) {
                return;
            }
            int size = nextPower(used0 + 1);
            if (guard != null && used0 <= table0.length * FORCED_EXPAND_RATIO
                    && !guard.allows(HeapLayout.referenceArray(size))) {
                return;
            }
            startRehash(size);
        }
    }

    private void shrinkIfNeeded() {
        if (rehashIndex >= 0 || pauseRehash > 0) {
            return;
        }
        if (table0.length > INITIAL_SIZE && used0 * 10L < table0.length) {
            startRehash(Math.max(INITIAL_SIZE, nextPower(used0)));
        }
    }

    private static int nextPower(int n) {
        int size = INITIAL_SIZE;
        while (size < n && size < (1 << 30)) {
            size <<= 1;
        }
        return size;
    }

    private void startRehash(int size) {
        if (size == table0.length) {
            return;
        }
        table1 = new DictEntry[size];
        used1 = 0;
        rehashIndex = 0;
        resized();
    }

    /**
     * Redis's {@code dictExpand} ahead of a known number of entries (a snapshot's RESIZEDB hint): an empty table is
     * given that size at once, so a load does not rehash its way up through every power of two. A table that
     * already holds entries is left to grow as usual; the memory guard has the last word either way.
     */
    public void reserve(long entries) {
        if (used0 != 0 || rehashIndex >= 0 || entries <= table0.length || entries > (1 << 30)) {
            return;
        }
        int size = nextPower((int) entries);
        if (guard == null || guard.allows(HeapLayout.referenceArray(size))) {
            table0 = new DictEntry[size];
            resized();
        }
    }

    /** Suspends rehashing while a caller holds positions into the tables (safe iteration). */
    public void pauseRehashing() {
        pauseRehash++;
    }

    public void resumeRehashing() {
        pauseRehash--;
    }

    private void rehashStep() {
        if (pauseRehash == 0) {
            rehash(1);
        }
    }

    /**
     * Moves up to {@code n} buckets from the old table to the new one, visiting at most {@code 10 * n} empty buckets.
     * Returns true while there is more to move.
     */
    public boolean rehash(int n) {
        if (rehashIndex < 0) {
            return false;
        }
        int emptyVisits = n * EMPTY_VISITS;
        while (n-- > 0 && used0 != 0) {
            while (table0[rehashIndex] == null) {
                rehashIndex++;
                if (--emptyVisits == 0) {
                    return true;
                }
            }
            DictEntry e = table0[rehashIndex];
            int mask = table1.length - 1;
            while (e != null) {
                DictEntry next = e.next;
                int idx = e.hash & mask;
                e.next = table1[idx];
                table1[idx] = e;
                used0--;
                used1++;
                e = next;
            }
            table0[rehashIndex] = null;
            rehashIndex++;
        }
        if (used0 == 0) {
            table0 = table1;
            used0 = used1;
            table1 = null;
            used1 = 0;
            rehashIndex = -1;
            resized();
            return false;
        }
        return true;
    }

    /** Rehashes for up to {@code nanos}, in steps of 100 buckets, as Redis's {@code dictRehashMilliseconds}. */
    public void rehashFor(long nanos) {
        if (pauseRehash > 0) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        while (rehash(100)) {
            if (System.nanoTime() >= deadline) {
                return;
            }
        }
    }

    /** Receives the entries of one {@link #scan} step. */
    public interface Visitor<E> {
        void visit(E entry);
    }

    /**
     * Visits every entry of the bucket(s) at {@code cursor} and returns the next cursor, 0 when the scan is complete.
     * Entries present from the first call to the last are visited at least once, however the table resizes between
     * calls.
     */
    @SuppressWarnings("unchecked")
    public long scan(long cursor, Visitor<? super E> visitor) {
        if (size() == 0) {
            return 0;
        }
        pauseRehash++;
        try {
            long v = cursor;
            if (rehashIndex < 0) {
                DictEntry[] t = table0;
                long mask = t.length - 1;
                for (DictEntry e = t[(int) (v & mask)]; e != null; e = e.next) {
                    visitor.visit((E) e);
                }
                v |= ~mask;
                v = reverse(v);
                v++;
                v = reverse(v);
            } else {
                DictEntry[] small = table0;
                DictEntry[] large = table1;
                if (small.length > large.length) {
                    DictEntry[] tmp = small;
                    small = large;
                    large = tmp;
                }
                long m0 = small.length - 1;
                long m1 = large.length - 1;
                for (DictEntry e = small[(int) (v & m0)]; e != null; e = e.next) {
                    visitor.visit((E) e);
                }
                do {
                    for (DictEntry e = large[(int) (v & m1)]; e != null; e = e.next) {
                        visitor.visit((E) e);
                    }
                    v |= ~m1;
                    v = reverse(v);
                    v++;
                    v = reverse(v);
                } while ((v & (m0 ^ m1)) != 0);
            }
            return v;
        } finally {
            pauseRehash--;
        }
    }

    /**
     * Visits the entries of up to {@code buckets} buckets in table order, from {@code position} (0 to begin), and
     * returns where to go on, or -1 once every bucket has been visited. A plain walk over memory, several times
     * faster than {@link #scan}'s bit-reversed order on a large table, but it holds only while the tables stay as
     * they are: the caller pauses rehashing ({@link #pauseRehashing}) for the whole walk and changes nothing.
     */
    @SuppressWarnings("unchecked")
    public long walk(long position, int buckets, Visitor<? super E> visitor) {
        DictEntry[] first = table0;
        DictEntry[] second = rehashIndex >= 0 ? table1 : null;
        long total = first.length + (second == null ? 0 : second.length);
        for (int n = 0; n < buckets && position < total; n++, position++) {
            DictEntry e = position < first.length ? first[(int) position] : second[(int) (position - first.length)];
            for (; e != null; e = e.next) {
                visitor.visit((E) e);
            }
        }
        return position >= total ? -1 : position;
    }

    private static long reverse(long v) {
        return Long.reverse(v);
    }

    /**
     * A random entry, or null when empty: picks a random non-empty bucket and then a random node of its chain, as
     * Redis's {@code dictGetRandomKey} (not perfectly uniform with long chains, which the load factor keeps short).
     */
    @SuppressWarnings("unchecked")
    public E random() {
        if (size() == 0) {
            return null;
        }
        if (rehashIndex >= 0) {
            rehashStep();
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        DictEntry head;
        if (rehashIndex >= 0) {
            int total = table0.length + table1.length;
            do {
                int i = rehashIndex + rnd.nextInt(total - rehashIndex);
                head = i >= table0.length ? table1[i - table0.length] : table0[i];
            } while (head == null);
        } else {
            do {
                head = table0[rnd.nextInt(table0.length)];
            } while (head == null);
        }
        int len = 0;
        for (DictEntry e = head; e != null; e = e.next) {
            len++;
        }
        int pick = rnd.nextInt(len);
        DictEntry e = head;
        while (pick-- > 0) {
            e = e.next;
        }
        return (E) e;
    }

    /**
     * Collects up to {@code count} entries from consecutive buckets starting at a random one, like Redis's
     * {@code dictGetSomeKeys}; used by the active expiry cycle, which only needs a sample.
     */
    @SuppressWarnings("unchecked")
    public int sample(E[] out, int count) {
        int n = Math.min(count, size());
        if (n == 0) {
            return 0;
        }
        for (int i = 0; i < n && rehashIndex >= 0; i++) {
            rehashStep();
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        DictEntry[][] tables = rehashIndex >= 0 ? new DictEntry[][]{table0, table1} : new DictEntry[][]{table0};
        int maxLen = 0;
        for (DictEntry[] t : tables) {
            maxLen = Math.max(maxLen, t.length);
        }
        int i = rnd.nextInt(maxLen);
        int stored = 0;
        int emptyLen = 0;
        int maxSteps = n * 10;
        while (stored < n && maxSteps-- > 0) {
            for (DictEntry[] t : tables) {
                if (tables.length == 2 && t == table0 && i < rehashIndex) {
                    continue;
                }
                if (i >= t.length) {
                    continue;
                }
                DictEntry e = t[i];
                if (e == null) {
                    emptyLen++;
                    if (emptyLen >= 5 && emptyLen > n) {
                        i = rnd.nextInt(maxLen);
                        emptyLen = 0;
                    }
                } else {
                    emptyLen = 0;
                    while (e != null) {
                        out[stored++] = (E) e;
                        if (stored == n) {
                            return stored;
                        }
                        e = e.next;
                    }
                }
            }
            i = (i + 1) & (maxLen - 1);
        }
        return stored;
    }
}
