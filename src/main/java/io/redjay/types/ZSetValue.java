package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import io.redjay.keyspace.Dict;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sorted set value, in one of Redis's two encodings. Small sets are a {@link ZSetListpack} (one packed array in
 * order); large ones are a {@link SkipList} for everything ordered (ranks, ranges, pops) plus a {@link Dict} from
 * member to node for O(1) score lookups. The two structures share their nodes: a {@link SkipListNode} is also the
 * dictionary entry. The set converts once from the compact to the large form when an insert would exceed
 * {@code zset-max-listpack-entries} or {@code zset-max-listpack-value}; the command layer passes those limits in.
 *
 * <p>Every query is written once per encoding: the listpack side walks the array, the skiplist side descends the
 * levels. Ranks are 0-based here; ranges are given already clamped to the set by the caller.
 *
 * <p>The heap it retains ({@link #heapBytes()}) is this object plus the listpack's, or the skiplist's (which counts
 * the shared nodes) and the dict's tables. COPY copies the members' arrays, so that the copy retains all it counts.
 */
public final class ZSetValue implements Aggregate {
    /** This object: its three form references. */
    private static final long SHALLOW = HeapLayout.object(0, 3);

    private ZSetListpack lp;
    private SkipList list;
    private Dict<SkipListNode> dict;

    /** An empty set in the compact form, or directly in the large form when {@code compact} is false. */
    public ZSetValue(boolean compact) {
        if (compact) {
            lp = new ZSetListpack();
        } else {
            list = new SkipList();
            dict = new Dict<>();
        }
    }

    private ZSetValue() {
    }

    /** Whether a new set whose first member is {@code firstMember} starts compact, as Redis's ZADD decides. */
    public static boolean startsCompact(long maxEntries, long maxValue, byte[] firstMember) {
        return maxEntries != 0 && firstMember.length <= maxValue;
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return lp != null ? "listpack" : "skiplist";
    }

    public boolean isCompact() {
        return lp != null;
    }

    @Override
    public long size() {
        return lp != null ? lp.size() : list.length();
    }

    /** The member's score, or NaN when absent (a stored score is never NaN). */
    public double score(byte[] member) {
        if (lp != null) {
            int off = lp.find(member);
            return off < 0 ? Double.NaN : lp.score(off);
        }
        SkipListNode n = dict.get(member);
        return n == null ? Double.NaN : n.score;
    }

    public boolean contains(byte[] member) {
        return !Double.isNaN(score(member));
    }

    /** Adds a member known to be absent, converting to the large form first if the compact one would overflow. */
    public void insert(byte[] member, double score, long maxEntries, long maxValue) {
        if (lp != null && (lp.size() + 1 > maxEntries || member.length > maxValue)) {
            convertToSkiplist();
        }
        if (lp != null) {
            lp.insert(member, score);
        } else {
            int h = Dict.hash(member);
            dict.add(list.insert(member, h, score));
        }
    }

    /** Changes the score of a member known to be present. */
    public void update(byte[] member, double score) {
        if (lp != null) {
            int off = lp.find(member);
            if (lp.score(off) != score) {
                lp.deleteAt(off);
                lp.insert(member, score);
            }
        } else {
            SkipListNode n = dict.get(member);
            if (n.score != score) {
                list.updateScore(n, score);
            }
        }
    }

    public boolean remove(byte[] member) {
        if (lp != null) {
            int off = lp.find(member);
            if (off < 0) {
                return false;
            }
            lp.deleteAt(off);
            return true;
        }
        SkipListNode n = dict.remove(member);
        if (n == null) {
            return false;
        }
        list.delete(n);
        return true;
    }

    /** 0-based rank (from the highest score when {@code reverse}), or -1 when absent. */
    public long rank(byte[] member, boolean reverse) {
        long r;
        if (lp != null) {
            r = lp.indexOf(member);
        } else {
            SkipListNode n = dict.get(member);
            r = n == null ? -1 : list.rankOf(n.score, member) - 1;
        }
        if (r < 0) {
            return -1;
        }
        return reverse ? size() - 1 - r : r;
    }

    /** Visits ranks start..end (0-based, inclusive, within the set), from the top when {@code reverse}. */
    public void rangeByRank(long start, long end, boolean reverse, ZSetVisitor v) {
        long n = end - start + 1;
        if (lp != null) {
            int[] offs = lp.offsets();
            for (long i = 0; i < n; i++) {
                int idx = (int) (reverse ? offs.length - 1 - start - i : start + i);
                v.visit(lp.member(offs[idx]), lp.score(offs[idx]));
            }
            return;
        }
        SkipListNode x = reverse ? list.byRank(size() - start) : list.byRank(start + 1);
        for (long i = 0; i < n && x != null; i++) {
            v.visit(x.key(), x.score);
            x = reverse ? x.backward : x.next();
        }
    }

    /**
     * Visits the elements whose score is in range, skipping {@code offset} of them first and stopping after
     * {@code limit} (negative = no limit); a negative offset skips everything, as in Redis. Returns how many.
     */
    public long rangeByScore(ZSetScoreRange range, long offset, long limit, boolean reverse, ZSetVisitor v) {
        if (offset > 0 && offset >= size()) {
            return 0;
        }
        if (lp != null) {
            int[] offs = lp.offsets();
            int i = reverse ? lastIndexIn(offs, range) : firstIndexIn(offs, range);
            return walkCompact(offs, i, offset, limit, reverse, v, idx -> reverse
                    ? range.aboveMin(lp.score(offs[idx])) : range.belowMax(lp.score(offs[idx])));
        }
        SkipListNode x = reverse ? list.lastInRange(range) : list.firstInRange(range);
        return walkNodes(x, offset, limit, reverse, v,
                n -> reverse ? range.aboveMin(n.score) : range.belowMax(n.score));
    }

    /** As {@link #rangeByScore}, for a range of members. */
    public long rangeByLex(ZSetLexRange range, long offset, long limit, boolean reverse, ZSetVisitor v) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int i = reverse ? lastIndexIn(offs, range) : firstIndexIn(offs, range);
            return walkCompact(offs, i, offset, limit, reverse, v, idx -> reverse
                    ? range.aboveMin(lp.member(offs[idx])) : range.belowMax(lp.member(offs[idx])));
        }
        SkipListNode x = reverse ? list.lastInRange(range) : list.firstInRange(range);
        return walkNodes(x, offset, limit, reverse, v,
                n -> reverse ? range.aboveMin(n.key()) : range.belowMax(n.key()));
    }

    private interface IndexTest {
        boolean test(int index);
    }

    private interface NodeTest {
        boolean test(SkipListNode n);
    }

    private long walkCompact(int[] offs, int i, long offset, long limit, boolean reverse, ZSetVisitor v,
                             IndexTest inRange) {
        if (i < 0) {
            return 0;
        }
        int step = reverse ? -1 : 1;
        while (offset != 0 && i >= 0 && i < offs.length) {
            i += step;
            offset--;
        }
        long emitted = 0;
        while (limit != 0 && i >= 0 && i < offs.length && inRange.test(i)) {
            v.visit(lp.member(offs[i]), lp.score(offs[i]));
            emitted++;
            limit--;
            i += step;
        }
        return emitted;
    }

    private static long walkNodes(SkipListNode x, long offset, long limit, boolean reverse, ZSetVisitor v,
                                  NodeTest inRange) {
        while (x != null && offset != 0) {
            x = reverse ? x.backward : x.next();
            offset--;
        }
        long emitted = 0;
        while (x != null && limit != 0 && inRange.test(x)) {
            v.visit(x.key(), x.score);
            emitted++;
            limit--;
            x = reverse ? x.backward : x.next();
        }
        return emitted;
    }

    private int firstIndexIn(int[] offs, ZSetScoreRange r) {
        if (r.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < offs.length; i++) {
            double s = lp.score(offs[i]);
            if (r.aboveMin(s)) {
                return r.belowMax(s) ? i : -1;
            }
        }
        return -1;
    }

    private int lastIndexIn(int[] offs, ZSetScoreRange r) {
        if (r.isEmpty()) {
            return -1;
        }
        for (int i = offs.length - 1; i >= 0; i--) {
            double s = lp.score(offs[i]);
            if (r.belowMax(s)) {
                return r.aboveMin(s) ? i : -1;
            }
        }
        return -1;
    }

    /**
     * Redis's {@code zzlIsInLexRange}: the quick test on the two ends that decides, before any walk, whether a lex
     * range can match. It matters beyond speed: members are only in lex order when all scores are equal, and for the
     * other sets Redis's answers (which ZREMRANGEBYLEX's replicas reproduce) follow from these exact walks.
     */
    private boolean mayIntersect(int[] offs, ZSetLexRange r) {
        return !r.isEmpty() && r.aboveMin(lp.member(offs[offs.length - 1])) && r.belowMax(lp.member(offs[0]));
    }

    private int firstIndexIn(int[] offs, ZSetLexRange r) {
        if (!mayIntersect(offs, r)) {
            return -1;
        }
        for (int i = 0; i < offs.length; i++) {
            byte[] m = lp.member(offs[i]);
            if (r.aboveMin(m)) {
                return r.belowMax(m) ? i : -1;
            }
        }
        return -1;
    }

    private int lastIndexIn(int[] offs, ZSetLexRange r) {
        if (!mayIntersect(offs, r)) {
            return -1;
        }
        for (int i = offs.length - 1; i >= 0; i--) {
            byte[] m = lp.member(offs[i]);
            if (r.belowMax(m)) {
                return r.aboveMin(m) ? i : -1;
            }
        }
        return -1;
    }

    /** Number of elements with a score in range: the difference of two ranks on the large form. */
    public long count(ZSetScoreRange range) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int first = firstIndexIn(offs, range);
            if (first < 0) {
                return 0;
            }
            return lastIndexIn(offs, range) - first + 1;
        }
        SkipListNode first = list.firstInRange(range);
        if (first == null) {
            return 0;
        }
        SkipListNode last = list.lastInRange(range);
        return list.rankOf(last.score, last.key()) - list.rankOf(first.score, first.key()) + 1;
    }

    /**
     * Number of members in a lex range: on the compact form the run from the first member in range up to the first
     * one past the maximum, on the large form the difference of the ranks of the first and last members in range, as
     * Redis counts each (the two agree whenever all scores are equal, the only case where lex ranges are defined).
     */
    public long count(ZSetLexRange range) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int first = firstIndexIn(offs, range);
            return first < 0 ? 0 : lexRun(offs, first, range);
        }
        SkipListNode first = list.firstInRange(range);
        if (first == null) {
            return 0;
        }
        SkipListNode last = list.lastInRange(range);
        return list.rankOf(last.score, last.key()) - list.rankOf(first.score, first.key()) + 1;
    }

    /** Removes ranks start..end (0-based, inclusive, within the set); returns how many. */
    public long removeRankRange(long start, long end) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int n = (int) (end - start + 1);
            lp.deleteRun(offs[(int) start], n);
            return n;
        }
        return list.deleteRankRange(start + 1, end + 1, n -> dict.remove(n.key()));
    }

    public long removeRange(ZSetScoreRange range) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int first = firstIndexIn(offs, range);
            if (first < 0) {
                return 0;
            }
            int n = lastIndexIn(offs, range) - first + 1;
            lp.deleteRun(offs[first], n);
            return n;
        }
        return list.deleteRange(range, n -> dict.remove(n.key()));
    }

    /** Removes the run of members from the first in range up to the first past the maximum, as Redis does. */
    public long removeRange(ZSetLexRange range) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int first = firstIndexIn(offs, range);
            if (first < 0) {
                return 0;
            }
            int n = lexRun(offs, first, range);
            lp.deleteRun(offs[first], n);
            return n;
        }
        return list.deleteRange(range, n -> dict.remove(n.key()));
    }

    /** Length of the run of compact entries from {@code first} whose members stay at or below the range's maximum. */
    private int lexRun(int[] offs, int first, ZSetLexRange range) {
        int i = first;
        while (i < offs.length && range.belowMax(lp.member(offs[i]))) {
            i++;
        }
        return i - first;
    }

    /** Removes the lowest (or, with {@code max}, the highest) element and hands it to {@code v}. */
    public void pop(boolean max, ZSetVisitor v) {
        if (lp != null) {
            int off = max ? lp.offsets()[lp.size() - 1] : 0;
            byte[] m = lp.member(off);
            double s = lp.score(off);
            lp.deleteAt(off);
            v.visit(m, s);
            return;
        }
        SkipListNode n = max ? list.last() : list.first();
        dict.remove(n.key());
        list.delete(n);
        v.visit(n.key(), n.score);
    }

    /**
     * Visits one element picked at random (the set must not be empty). On the skiplist the pick is a uniform random
     * rank, which is exactly fair, unlike sampling hash buckets whose chains differ in length.
     */
    public void randomElement(ZSetVisitor v) {
        if (lp != null) {
            int[] offs = lp.offsets();
            int off = offs[ThreadLocalRandom.current().nextInt(offs.length)];
            v.visit(lp.member(off), lp.score(off));
            return;
        }
        SkipListNode n = list.byRank(1 + ThreadLocalRandom.current().nextLong(list.length()));
        v.visit(n.key(), n.score);
    }

    /** Visits every element in score order: what SORT, the set operations and DEBUG DIGEST iterate. */
    public void forEach(ZSetVisitor v) {
        if (lp != null) {
            for (int off = 0; off < lp.end(); off = lp.next(off)) {
                v.visit(lp.member(off), lp.score(off));
            }
            return;
        }
        for (SkipListNode x = list.first(); x != null; x = x.next()) {
            v.visit(x.key(), x.score);
        }
    }

    /**
     * One ZSCAN step: the compact form is returned whole (next cursor 0), as Redis does for listpacks; the large form
     * walks the member table with its resize-proof cursor.
     */
    public long scan(long cursor, int count, ZSetVisitor v) {
        if (lp != null) {
            forEach(v);
            return 0;
        }
        long maxIterations = count * 10L;
        int[] seen = {0};
        do {
            cursor = dict.scan(cursor, n -> {
                v.visit(n.key(), n.score);
                seen[0]++;
            });
        } while (cursor != 0 && maxIterations-- > 0 && seen[0] < count);
        return cursor;
    }

    /** Turns a large-form result (of a store command) compact when it fits, as Redis does before storing it. */
    public void compactIfFits(long maxEntries, long maxValue) {
        if (lp != null || size() > maxEntries) {
            return;
        }
        for (SkipListNode x = list.first(); x != null; x = x.next()) {
            if (x.key().length > maxValue) {
                return;
            }
        }
        ZSetListpack packed = new ZSetListpack();
        for (SkipListNode x = list.first(); x != null; x = x.next()) {
            packed.insert(x.key(), x.score);
        }
        lp = packed;
        list = null;
        dict = null;
    }

    private void convertToSkiplist() {
        SkipList l = new SkipList();
        Dict<SkipListNode> d = new Dict<>();
        for (int off = 0; off < lp.end(); off = lp.next(off)) {
            byte[] m = lp.member(off);
            d.add(l.insert(m, Dict.hash(m), lp.score(off)));
        }
        list = l;
        dict = d;
        lp = null;
    }

    @Override
    public long heapBytes() {
        return SHALLOW + (lp != null ? lp.heapBytes() : list.heapBytes() + DictHeap.of(dict));
    }

    @Override
    public Object copy() {
        ZSetValue z = new ZSetValue();
        if (lp != null) {
            z.lp = lp.copy();
        } else {
            z.list = new SkipList();
            z.dict = new Dict<>();
            for (SkipListNode x = list.first(); x != null; x = x.next()) {
                byte[] member = x.key().clone();
                z.dict.add(z.list.insert(member, Dict.hash(member), x.score));
            }
        }
        return z;
    }

    /** Redis's recipe: per element a fresh digest mixing the member then the score as {@code %.17g}, xored in. */
    @Override
    public void digestInto(Digest digest) {
        forEach((m, s) -> {
            Digest element = new Digest();
            element.mix(m);
            element.mix(formatG17(s).getBytes(StandardCharsets.US_ASCII));
            digest.xor(element);
        });
    }

    /** C's {@code printf("%.17g")}, which is also what Redis's d2string prints for scores. */
    public static String formatG17(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
            return Numbers.doubleToString(d);
        }
        if (Math.abs(d) < 1e17 && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        return Numbers.formatG(d, 17);
    }
}
