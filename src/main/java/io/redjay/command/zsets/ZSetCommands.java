package io.redjay.command.zsets;

import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.IndexRange;
import io.redjay.command.KeyFinder;
import io.redjay.command.ScanOptions;
import io.redjay.command.Text;
import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.Numbers;
import io.redjay.types.ZSetLexRange;
import io.redjay.types.ZSetScoreRange;
import io.redjay.types.ZSetValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;

/**
 * Sorted set commands that read or change single members: ZADD and ZINCRBY, ZREM, the score and rank lookups,
 * counting, range removal, ZSCAN and ZRANDMEMBER; and the declaration of every sorted set command. Ranges live in
 * {@link ZSetRangeCommands}, the multi-key algebra in {@link ZSetStoreCommands} and the pops (blocking or not) in
 * {@link ZSetPopCommands}.
 *
 * <p>The rules shared by all of them follow Redis: a missing key reads as an empty set, a key of another type is
 * WRONGTYPE, arguments are validated before the key is looked up (so a syntax error wins over WRONGTYPE where Redis
 * lets it), a set is created on the first add and deleted, with a {@code del} event after the command's own event,
 * when a command empties it.
 *
 * <p>Propagation and the dirty counter follow Redis's {@code server.dirty}: a write counts one per member added,
 * updated or removed (a store one per destination written or deleted), and a command that changed nothing counts
 * nothing, so it is not propagated. The forms that are not propagated verbatim (the pops) are in
 * {@link ZSetPopCommands}.
 */
public final class ZSetCommands {
    static final CommandError NOT_FLOAT_RANGE = CommandError.of("ERR min or max is not a float");
    static final CommandError NOT_LEX_RANGE = CommandError.of("ERR min or max not valid string range item");
    private static final CommandError NAN_SCORE = CommandError.of("ERR resulting score is not a number (NaN)");
    private static final CommandError XX_NX =
            CommandError.of("ERR XX and NX options at the same time are not compatible");
    private static final CommandError GT_LT_NX =
            CommandError.of("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final CommandError INCR_PAIRS =
            CommandError.of("ERR INCR option supports a single increment-element pair");
    private static final CommandError RANDMEMBER_RANGE = CommandError.of(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandError OUT_OF_RANGE = CommandError.of("ERR value is out of range");

    private ZSetCommands() {
    }

    /** Keys of ZUNION, ZINTER, ZDIFF, ZINTERCARD, ZMPOP: numkeys at 1, the keys after it. */
    static int[] keysAfterNumkeys1(byte[][] argv) {
        return KeyFinder.afterNumkeys(argv, 1);
    }

    /** Keys of BZMPOP: timeout at 1, numkeys at 2. */
    static int[] keysAfterNumkeys2(byte[][] argv) {
        return KeyFinder.afterNumkeys(argv, 2);
    }

    /** Keys of ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE: the destination, then numkeys sources. */
    static int[] storeKeys(byte[][] argv) {
        int[] sources = KeyFinder.afterNumkeys(argv, 2);
        if (sources.length == 0) {
            return sources;
        }
        int[] all = new int[sources.length + 1];
        all[0] = 1;
        System.arraycopy(sources, 0, all, 1, sources.length);
        return all;
    }


    // --- shared helpers ---

    /** A 64-bit integer argument (Redis's getLongLongFromObjectOrReply); NOT_INTEGER otherwise. */
    static long parseLong(byte[] arg) {
        long v = Numbers.parseLong(arg);
        if (v == Numbers.NOT_A_NUMBER && !Args.isLong(arg)) {
            throw CommandError.NOT_INTEGER;
        }
        return v;
    }

    /**
     * Records a change of {@code key} that counted {@code dirty} writes, with Redis's event name, and deletes the key
     * (a {@code del} event, no extra write count) when it became empty.
     */
    static void changed(CommandContext ctx, byte[] key, ZSetValue z, String event, long dirty) {
        Database db = ctx.db();
        db.modified(key, Events.ZSET, event);
        db.keyspace().addDirty(dirty - 1);
        if (z.size() == 0) {
            db.remove(key);
            db.event(key, Events.GENERIC, "del");
        }
    }

    /**
     * Stores a command's result set, or deletes the destination when the result is empty; replies the result's size.
     * One write either way, none when an empty result meets a missing destination.
     */
    static void store(CommandContext ctx, byte[] dst, ZSetValue result, String event) {
        Database db = ctx.db();
        ctx.reply().integer(result.size());
        if (result.size() > 0) {
            db.put(dst, result);
            db.modified(dst, Events.ZSET, event);
        } else if (db.remove(dst) != null) {
            db.modified(dst, Events.GENERIC, "del");
        }
    }

    static ZSetValue newSet(Config cfg, byte[] firstMember) {
        return new ZSetValue(ZSetValue.startsCompact(cfg.zsetMaxListpackEntries, cfg.zsetMaxListpackValue,
                firstMember));
    }

    static void insert(Config cfg, ZSetValue z, byte[] member, double score) {
        z.insert(member, score, cfg.zsetMaxListpackEntries, cfg.zsetMaxListpackValue);
    }

    /** Writes (member, score) pairs: flat in RESP2, one two-element array per pair in RESP3. */
    static void replyPairs(ReplyWriter w, List<byte[]> members, double[] scores, boolean withScores) {
        int n = members.size();
        boolean nested = withScores && w.resp3();
        w.array(withScores && !nested ? n * 2 : n);
        for (int i = 0; i < n; i++) {
            if (nested) {
                w.array(2);
            }
            w.bulk(members.get(i));
            if (withScores) {
                w.doubleValue(scores[i]);
            }
        }
    }

    /**
     * Parses one end of a score range as Redis's {@code strtod}-based parser: an optional {@code (} for an exclusive
     * end, then a C float (leading blanks, {@code inf}, overflow to infinity allowed; an empty string is 0); the text
     * ends at a NUL byte as the C string would. Returns NaN when invalid.
     */
    static double parseRangeEnd(byte[] s, int from) {
        int end = from;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == from) {
            return 0;
        }
        int i = from;
        while (i < end && (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13))) {
            i++;
        }
        int start = i;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        String rest = new String(s, i, end - i, StandardCharsets.ISO_8859_1).toLowerCase();
        boolean negative = start < end && s[start] == '-';
        if (rest.equals("inf") || rest.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int j = i;
        boolean digits = false;
        while (j < end && s[j] >= '0' && s[j] <= '9') {
            j++;
            digits = true;
        }
        if (j < end && s[j] == '.') {
            j++;
            while (j < end && s[j] >= '0' && s[j] <= '9') {
                j++;
                digits = true;
            }
        }
        if (!digits) {
            return Double.NaN;
        }
        if (j < end && (s[j] == 'e' || s[j] == 'E')) {
            int k = j + 1;
            if (k < end && (s[k] == '+' || s[k] == '-')) {
                k++;
            }
            int expStart = k;
            while (k < end && s[k] >= '0' && s[k] <= '9') {
                k++;
            }
            if (k > expStart) {
                j = k;
            }
        }
        if (j != end) {
            return Double.NaN;
        }
        return Double.parseDouble(new String(s, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /** A score range from two arguments; NOT_FLOAT_RANGE when either end is invalid. */
    static ZSetScoreRange scoreRange(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        double lo = parseRangeEnd(min, minEx ? 1 : 0);
        double hi = parseRangeEnd(max, maxEx ? 1 : 0);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw NOT_FLOAT_RANGE;
        }
        return new ZSetScoreRange(lo, minEx, hi, maxEx);
    }

    /** A lexicographic range from two arguments; NOT_LEX_RANGE when either end is invalid. */
    static ZSetLexRange lexRange(byte[] min, byte[] max) {
        ZSetLexRange r = ZSetLexRange.parse(min, max);
        if (r == null) {
            throw NOT_LEX_RANGE;
        }
        return r;
    }

    // --- commands ---

    // ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
    static void zadd(CommandContext ctx) {
        addGeneric(ctx, false);
    }

    // ZINCRBY key increment member
    static void zincrby(CommandContext ctx) {
        addGeneric(ctx, true);
    }

    /**
     * Redis's zaddGenericCommand. Every score is parsed before the key is touched; the writes counted are the
     * members added plus those whose score changed, so an NX, XX, GT or LT that skipped everything, a score set to
     * its current value and a NaN increment change nothing.
     */
    private static void addGeneric(CommandContext ctx, boolean incr) {
        byte[][] argv = ctx.argv();
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        int i = 2;
        for (; i < argv.length; i++) {
            byte[] a = argv[i];
            if (Text.is(a, "nx")) {
                nx = true;
            } else if (Text.is(a, "xx")) {
                xx = true;
            } else if (Text.is(a, "ch")) {
                ch = true;
            } else if (Text.is(a, "incr")) {
                incr = true;
            } else if (Text.is(a, "gt")) {
                gt = true;
            } else if (Text.is(a, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = argv.length - i;
        if (elements == 0 || elements % 2 != 0) {
            throw CommandError.SYNTAX;
        }
        elements /= 2;
        if (nx && xx) {
            throw XX_NX;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw GT_LT_NX;
        }
        if (incr && elements > 1) {
            throw INCR_PAIRS;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Numbers.parseDouble(argv[i + 2 * j]);
            if (Double.isNaN(scores[j])) {
                throw CommandError.NOT_FLOAT;
            }
        }
        byte[] key = argv[1];
        ZSetValue z = ctx.write(key, ZSetValue.class);
        if (z == null) {
            if (xx) {
                if (incr) {
                    ctx.reply().nullBulk();
                } else {
                    ctx.reply().integer(0);
                }
                return;
            }
            z = newSet(ctx.config(), argv[i + 1]);
            ctx.db().add(key, z);
        }
        int added = 0;
        int updated = 0;
        int processed = 0;
        double last = 0;
        for (int j = 0; j < elements; j++) {
            double score = scores[j];
            byte[] member = argv[i + 1 + 2 * j];
            double current = z.score(member);
            if (!Double.isNaN(current)) {
                if (nx) {
                    continue;
                }
                if (incr) {
                    score += current;
                    if (Double.isNaN(score)) {
                        throw NAN_SCORE;
                    }
                }
                if ((lt && score >= current) || (gt && score <= current)) {
                    continue;
                }
                processed++;
                last = score;
                if (score != current) {
                    z.update(member, score);
                    updated++;
                }
            } else if (!xx) {
                insert(ctx.config(), z, member, score);
                added++;
                processed++;
                last = score;
            }
        }
        if (incr) {
            if (processed > 0) {
                ctx.reply().doubleValue(last);
            } else {
                ctx.reply().nullBulk();
            }
        } else {
            ctx.reply().integer(ch ? added + updated : added);
        }
        if (added + updated > 0) {
            changed(ctx, key, z, incr ? "zincr" : "zadd", added + updated);
        }
    }

    // ZREM key member [member ...]
    static void zrem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        ZSetValue z = ctx.write(key, ZSetValue.class);
        if (z == null) {
            ctx.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int j = 2; j < ctx.argc() && z.size() > 0; j++) {
            if (z.remove(ctx.arg(j))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            changed(ctx, key, z, "zrem", deleted);
        }
        ctx.reply().integer(deleted);
    }

    // ZCARD key
    static void zcard(CommandContext ctx) {
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        ctx.reply().integer(z == null ? 0 : z.size());
    }

    // ZSCORE key member
    static void zscore(CommandContext ctx) {
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        double s = z == null ? Double.NaN : z.score(ctx.arg(2));
        if (Double.isNaN(s)) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().doubleValue(s);
        }
    }

    // ZMSCORE key member [member ...]
    static void zmscore(CommandContext ctx) {
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        ReplyWriter w = ctx.reply();
        w.array(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double s = z == null ? Double.NaN : z.score(ctx.arg(j));
            if (Double.isNaN(s)) {
                w.nullBulk();
            } else {
                w.doubleValue(s);
            }
        }
    }

    // ZRANK key member
    static void zrank(CommandContext ctx) {
        rankGeneric(ctx, false);
    }

    // ZREVRANK key member
    static void zrevrank(CommandContext ctx) {
        rankGeneric(ctx, true);
    }

    private static void rankGeneric(CommandContext ctx, boolean reverse) {
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        long r = z == null ? -1 : z.rank(ctx.arg(2), reverse);
        if (r < 0) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(r);
        }
    }

    // ZCOUNT key min max
    static void zcount(CommandContext ctx) {
        ZSetScoreRange range = scoreRange(ctx.arg(2), ctx.arg(3));
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        ctx.reply().integer(z == null ? 0 : z.count(range));
    }

    // ZLEXCOUNT key min max
    static void zlexcount(CommandContext ctx) {
        ZSetLexRange range = lexRange(ctx.arg(2), ctx.arg(3));
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        ctx.reply().integer(z == null ? 0 : z.count(range));
    }

    // ZREMRANGEBYRANK key start stop
    static void zremrangebyrank(CommandContext ctx) {
        long start = parseLong(ctx.arg(2));
        long end = parseLong(ctx.arg(3));
        byte[] key = ctx.arg(1);
        ZSetValue z = ctx.write(key, ZSetValue.class);
        if (z == null) {
            ctx.reply().integer(0);
            return;
        }
        IndexRange range = IndexRange.of(start, end, z.size());
        if (range == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = z.removeRankRange(range.start(), range.end());
        changed(ctx, key, z, "zremrangebyrank", deleted);
        ctx.reply().integer(deleted);
    }

    // ZREMRANGEBYSCORE key min max
    static void zremrangebyscore(CommandContext ctx) {
        ZSetScoreRange range = scoreRange(ctx.arg(2), ctx.arg(3));
        removeRange(ctx, z -> z.removeRange(range), "zremrangebyscore");
    }

    // ZREMRANGEBYLEX key min max
    static void zremrangebylex(CommandContext ctx) {
        ZSetLexRange range = lexRange(ctx.arg(2), ctx.arg(3));
        removeRange(ctx, z -> z.removeRange(range), "zremrangebylex");
    }

    /** The body of ZREMRANGEBYSCORE/BYLEX once the range is parsed: remove, signal when anything went, reply. */
    private static void removeRange(CommandContext ctx, ToLongFunction<ZSetValue> remover, String event) {
        byte[] key = ctx.arg(1);
        ZSetValue z = ctx.write(key, ZSetValue.class);
        if (z == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = remover.applyAsLong(z);
        if (deleted > 0) {
            changed(ctx, key, z, event, deleted);
        }
        ctx.reply().integer(deleted);
    }

    // ZSCAN key cursor [MATCH pattern] [COUNT count]
    static void zscan(CommandContext ctx) {
        ScanOptions options = ScanOptions.forKey(ctx.client(), ctx.argv(), ZSetValue.class);
        if (options == null) {
            return;
        }
        List<byte[]> out = new ArrayList<>();
        ZSetValue z = CommandContext.checked(options.entry.value(), ZSetValue.class);
        boolean compact = z.isCompact();
        long next = z.scan(options.cursor, (int) Math.min(options.count, Integer.MAX_VALUE), (m, s) -> {
            if (options.matches(m)) {
                out.add(m);
                out.add(compact ? Numbers.doubleToBytes(s) : Text.bytes(ZSetValue.formatG17(s)));
            }
        });
        ScanOptions.reply(ctx.client(), next, out);
    }

    // ZRANDMEMBER key [count [WITHSCORES]]
    static void zrandmember(CommandContext ctx) {
        if (ctx.argc() >= 3) {
            long l = parseLong(ctx.arg(2));
            if (l == Long.MIN_VALUE) {
                throw RANDMEMBER_RANGE;
            }
            boolean withScores = false;
            if (ctx.argc() > 4 || (ctx.argc() == 4 && !Text.is(ctx.arg(3), "withscores"))) {
                throw CommandError.SYNTAX;
            } else if (ctx.argc() == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    throw OUT_OF_RANGE;
                }
            }
            randomWithCount(ctx, l, withScores);
            return;
        }
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        if (z == null) {
            ctx.reply().nullBulk();
            return;
        }
        ReplyWriter w = ctx.reply();
        z.randomElement((m, s) -> w.bulk(m));
    }

    private static void randomWithCount(CommandContext ctx, long l, boolean withScores) {
        ZSetValue z = ctx.read(ctx.arg(1), ZSetValue.class);
        ReplyWriter w = ctx.reply();
        if (z == null) {
            w.emptyArray();
            return;
        }
        long size = z.size();
        boolean unique = l >= 0;
        long count = unique ? l : -l;
        if (count == 0) {
            w.emptyArray();
            return;
        }
        boolean nested = withScores && w.resp3();
        if (!unique || count == 1) {
            w.array((int) (withScores && !nested ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                z.randomElement((m, s) -> {
                    if (nested) {
                        w.array(2);
                    }
                    w.bulk(m);
                    if (withScores) {
                        w.doubleValue(s);
                    }
                });
                if (ctx.client().closed()) {
                    break;
                }
            }
            return;
        }
        List<byte[]> members = new ArrayList<>();
        List<Double> scoreList = new ArrayList<>();
        if (count >= size) {
            z.rangeByRank(0, size - 1, true, (m, s) -> {
                members.add(m);
                scoreList.add(s);
            });
        } else if (count * 3 > size) {
            z.forEach((m, s) -> {
                members.add(m);
                scoreList.add(s);
            });
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (members.size() > count) {
                int victim = rnd.nextInt(members.size());
                int lastIndex = members.size() - 1;
                members.set(victim, members.get(lastIndex));
                scoreList.set(victim, scoreList.get(lastIndex));
                members.remove(lastIndex);
                scoreList.remove(lastIndex);
            }
        } else {
            Set<ByteBuffer> seen = new HashSet<>();
            while (members.size() < count) {
                z.randomElement((m, s) -> {
                    if (seen.add(ByteBuffer.wrap(m))) {
                        members.add(m);
                        scoreList.add(s);
                    }
                });
            }
        }
        double[] scores = new double[scoreList.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scoreList.get(i);
        }
        replyPairs(w, members, scores, withScores);
    }
}
