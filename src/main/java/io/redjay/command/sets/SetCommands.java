package io.redjay.command.sets;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.ScanOptions;
import io.redjay.command.Text;
import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.Numbers;
import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The set commands. Handlers follow Redis's {@code t_set.c} step by step where the order is visible to clients:
 * which argument is validated before the key is looked up (SPOP and SRANDMEMBER check the count first, SSCAN the
 * cursor first but its options only for an existing key), that a missing key reads as an empty set while a key of
 * another type anywhere in a multi-key command fails it, and that store commands delete the destination when the
 * result is empty. The data structure and its encodings live in {@link SetValue}; this class only parses, looks up,
 * replies and reports writes through the keyspace funnel.
 *
 * <p><b>Propagation and the dirty counter</b>, as Redis: a write counts one change per member added or removed (SADD,
 * SREM, SPOP), SMOVE one for the source and one more when the destination gained the member, a STORE command one; a
 * command that changed nothing counts nothing and so propagates nothing. SPOP is never replayed as itself, since a
 * replica would pop other members: without a count it goes out as {@code SREM key member}; with a count that takes
 * the whole set as {@code DEL key}; otherwise as one {@code SREM key member} per popped member (wrapped in
 * MULTI/EXEC by the propagator when there is more than one).
 */
public final class SetCommands {
    private static final CommandError POSITIVE = CommandError.of("ERR value is out of range, must be positive");
    private static final CommandError SRANDMEMBER_RANGE = CommandError.of(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandError NUMKEYS = CommandError.of("ERR numkeys should be greater than 0");
    private static final CommandError TOO_MANY_KEYS =
            CommandError.of("ERR Number of keys can't be greater than number of args");
    private static final CommandError NEGATIVE_LIMIT = CommandError.of("ERR LIMIT can't be negative");

    private static final byte[] SREM = Text.bytes("SREM");
    private static final byte[] DEL = Text.bytes("DEL");

    /** The last thresholds handed out, reused while the configuration keeps them (one executor thread). */
    private static SetLimits cachedLimits = SetLimits.DEFAULTS;

    private SetCommands() {
    }

    /** The configured encoding thresholds, without allocating while they stay the same. */
    private static SetLimits limits(CommandContext ctx) {
        Config cfg = ctx.config();
        SetLimits l = cachedLimits;
        if (l.maxIntsetEntries() != cfg.setMaxIntsetEntries || l.maxListpackEntries() != cfg.setMaxListpackEntries
                || l.maxListpackValue() != cfg.setMaxListpackValue) {
            l = new SetLimits(cfg.setMaxIntsetEntries, cfg.setMaxListpackEntries, cfg.setMaxListpackValue);
            cachedLimits = l;
        }
        return l;
    }

    /** Reports {@code changes} (at least one) changes of the set at {@code key} with the set event {@code event}. */
    private static void changed(Database db, byte[] key, String event, long changes) {
        db.modified(key, Events.SET, event);
        db.keyspace().addDirty(changes - 1);
    }

    /** Removes a set that became empty; the change itself was already counted, only the "del" event follows. */
    private static void deleteEmptied(Database db, byte[] key) {
        db.remove(key);
        db.event(key, Events.GENERIC, "del");
    }

    // SADD key member [member ...]
    static void sadd(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        int n = ctx.argc() - 2;
        SetLimits limits = limits(ctx);
        SetValue set = ctx.write(key, SetValue.class);
        if (set == null) {
            set = SetValue.create(ctx.arg(2), n, limits);
            ctx.db().add(key, set);
        } else {
            set.prepareFor(n, limits);
        }
        int added = 0;
        for (int j = 2; j < ctx.argc(); j++) {
            if (set.add(ctx.arg(j), limits)) {
                added++;
            }
        }
        if (added > 0) {
            changed(ctx.db(), key, "sadd", added);
        }
        ctx.reply().integer(added);
    }

    // SREM key member [member ...]
    static void srem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        SetValue set = ctx.write(key, SetValue.class);
        if (set == null) {
            ctx.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int j = 2; j < ctx.argc() && set.size() > 0; j++) {
            if (set.remove(ctx.arg(j))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            Database db = ctx.db();
            changed(db, key, "srem", deleted);
            if (set.size() == 0) {
                deleteEmptied(db, key);
            }
        }
        ctx.reply().integer(deleted);
    }

    // SMOVE source destination member
    // Both keys are looked up first (and lazily expired); a missing source answers 0 whatever the destination holds.
    static void smove(CommandContext ctx) {
        byte[] srcKey = ctx.arg(1);
        byte[] dstKey = ctx.arg(2);
        byte[] member = ctx.arg(3);
        Database db = ctx.db();
        KeyEntry srcEntry = ctx.writeEntry(srcKey);
        KeyEntry dstEntry = ctx.writeEntry(dstKey);
        if (srcEntry == null) {
            ctx.reply().integer(0);
            return;
        }
        SetValue src = CommandContext.checked(srcEntry.value(), SetValue.class);
        SetValue dst = dstEntry == null ? null : CommandContext.checked(dstEntry.value(), SetValue.class);
        if (src == dst) {
            ctx.reply().integer(src.contains(member) ? 1 : 0);
            return;
        }
        if (!src.remove(member)) {
            ctx.reply().integer(0);
            return;
        }
        changed(db, srcKey, "srem", 1);
        if (src.size() == 0) {
            deleteEmptied(db, srcKey);
        }
        SetLimits limits = limits(ctx);
        if (dst == null) {
            dst = SetValue.create(member, 1, limits);
            db.add(dstKey, dst);
        }
        if (dst.add(member, limits)) {
            changed(db, dstKey, "sadd", 1);
        }
        ctx.reply().integer(1);
    }

    // SISMEMBER key member
    static void sismember(CommandContext ctx) {
        SetValue set = ctx.read(ctx.arg(1), SetValue.class);
        ctx.reply().integer(set != null && set.contains(ctx.arg(2)) ? 1 : 0);
    }

    // SMISMEMBER key member [member ...]
    static void smismember(CommandContext ctx) {
        SetValue set = ctx.read(ctx.arg(1), SetValue.class);
        ReplyWriter r = ctx.reply();
        r.array(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            r.integer(set != null && set.contains(ctx.arg(j)) ? 1 : 0);
        }
    }

    // SCARD key
    static void scard(CommandContext ctx) {
        SetValue set = ctx.read(ctx.arg(1), SetValue.class);
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    // SPOP key [count]
    static void spop(CommandContext ctx) {
        if (ctx.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        if (ctx.argc() == 3) {
            spopCount(ctx);
            return;
        }
        byte[] key = ctx.arg(1);
        SetValue set = ctx.write(key, SetValue.class);
        if (set == null) {
            ctx.reply().nullBulk();
            return;
        }
        byte[] member = set.popRandom();
        Database db = ctx.db();
        changed(db, key, "spop", 1);
        if (ctx.propagating()) {
            ctx.propagateAs(SREM, key, member);
        }
        if (set.size() == 0) {
            deleteEmptied(db, key);
        }
        ctx.reply().bulk(member);
    }

    /** SPOP key count: the count is checked before the key, as Redis. */
    private static void spopCount(CommandContext ctx) {
        long count = Numbers.parseLong(ctx.arg(2));
        if (count < 0) {
            throw POSITIVE;
        }
        byte[] key = ctx.arg(1);
        SetValue set = ctx.write(key, SetValue.class);
        if (set == null || count == 0) {
            ctx.reply().set(0);
            return;
        }
        Database db = ctx.db();
        List<byte[]> popped;
        if (count >= set.size()) {
            popped = set.members();
            changed(db, key, "spop", popped.size());
            deleteEmptied(db, key);
            ctx.propagateAs(DEL, key);
        } else {
            popped = set.popRandom(count, limits(ctx));
            changed(db, key, "spop", count);
            if (ctx.propagating()) {
                for (byte[] m : popped) {
                    ctx.alsoPropagate(SREM, key, m);
                }
            }
            ctx.preventPropagation();
        }
        replyMembers(ctx.reply(), popped);
    }

    // SRANDMEMBER key [count]
    static void srandmember(CommandContext ctx) {
        if (ctx.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        if (ctx.argc() == 3) {
            srandmemberCount(ctx);
            return;
        }
        SetValue set = ctx.read(ctx.arg(1), SetValue.class);
        if (set == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(set.random());
        }
    }

    /** SRANDMEMBER key count: a positive count asks for distinct members, a negative one allows repeats. */
    private static void srandmemberCount(CommandContext ctx) {
        if (!Numbers.isValidLong(ctx.arg(2))) {
            throw CommandError.NOT_INTEGER;
        }
        long l = Numbers.parseLong(ctx.arg(2));
        if (l == Long.MIN_VALUE) {
            throw SRANDMEMBER_RANGE;
        }
        boolean distinct = l >= 0;
        long count = Math.abs(l);
        SetValue set = ctx.read(ctx.arg(1), SetValue.class);
        ReplyWriter r = ctx.reply();
        if (set == null || count == 0) {
            r.emptyArray();
            return;
        }
        if (!distinct || count == 1) {
            if (count > Integer.MAX_VALUE) {
                ctx.client().closeAfterReply();
                return;
            }
            r.array((int) count);
            for (long i = 0; i < count; i++) {
                r.bulk(set.random());
            }
            return;
        }
        List<byte[]> picked = count >= set.size() ? set.members() : set.randomDistinct((int) count);
        r.array(picked.size());
        for (byte[] m : picked) {
            r.bulk(m);
        }
    }

    // SMEMBERS key
    static void smembers(CommandContext ctx) {
        inter(ctx, 1, ctx.argc(), null, false, 0);
    }

    // SINTER key [key ...]
    static void sinter(CommandContext ctx) {
        inter(ctx, 1, ctx.argc(), null, false, 0);
    }

    // SINTERSTORE destination key [key ...]
    static void sinterstore(CommandContext ctx) {
        inter(ctx, 2, ctx.argc(), ctx.arg(1), false, 0);
    }

    // SINTERCARD numkeys key [key ...] [LIMIT limit]
    static void sintercard(CommandContext ctx) {
        long numkeys = Numbers.parseLong(ctx.arg(1));
        if (numkeys < 1) {
            throw NUMKEYS;
        }
        if (numkeys > ctx.argc() - 2) {
            throw TOO_MANY_KEYS;
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < ctx.argc(); j++) {
            if (!Text.is(ctx.arg(j), "limit") || j + 1 >= ctx.argc()) {
                throw CommandError.SYNTAX;
            }
            limit = Numbers.parseLong(ctx.arg(++j));
            if (limit < 0) {
                throw NEGATIVE_LIMIT;
            }
        }
        inter(ctx, 2, 2 + (int) numkeys, null, true, limit);
    }

    /** Key positions of SINTERCARD: the {@code numkeys} arguments after it, none when it is not a valid count. */
    static int[] sintercardKeys(byte[][] argv) {
        long n = argv.length > 1 ? Numbers.parseLong(argv[1]) : 0;
        if (n <= 0 || n > argv.length - 2) {
            return new int[0];
        }
        int[] keys = new int[(int) n];
        for (int i = 0; i < n; i++) {
            keys[i] = 2 + i;
        }
        return keys;
    }

    /**
     * Looks up the sets named by the arguments {@code [from, to)}: null entries for missing keys; a key of another
     * type anywhere fails the command (every key is checked, those after a missing one included, as Redis does).
     */
    private static SetValue[] lookupSets(CommandContext ctx, int from, int to) {
        SetValue[] sets = new SetValue[to - from];
        for (int j = from; j < to; j++) {
            sets[j - from] = ctx.read(ctx.arg(j), SetValue.class);
        }
        return sets;
    }

    /** SINTER, SMEMBERS, SINTERSTORE and SINTERCARD: walk the smallest set, keep members all others contain. */
    private static void inter(CommandContext ctx, int from, int to, byte[] dstKey, boolean cardOnly, long limit) {
        SetValue[] sets = lookupSets(ctx, from, to);
        ReplyWriter r = ctx.reply();
        if (Arrays.asList(sets).contains(null)) {
            if (dstKey != null) {
                deleteDestination(ctx.db(), dstKey);
                r.integer(0);
            } else if (cardOnly) {
                r.integer(0);
            } else {
                r.set(0);
            }
            return;
        }
        Arrays.sort(sets, Comparator.comparingLong(SetValue::size));
        SetValue first = sets[0];
        List<byte[]> result = new ArrayList<>();
        long[] cardinality = {0};
        first.forEach(m -> {
            for (int j = 1; j < sets.length; j++) {
                if (sets[j] != first && !sets[j].contains(m)) {
                    return true;
                }
            }
            cardinality[0]++;
            if (cardOnly) {
                return limit == 0 || cardinality[0] < limit;
            }
            result.add(m);
            return true;
        });
        if (cardOnly) {
            r.integer(cardinality[0]);
        } else if (dstKey != null) {
            store(ctx, dstKey, result, "sinterstore");
        } else {
            replyMembers(r, result);
        }
    }

    // SUNION key [key ...]
    static void sunion(CommandContext ctx) {
        unionDiff(ctx, 1, null, false);
    }

    // SUNIONSTORE destination key [key ...]
    static void sunionstore(CommandContext ctx) {
        unionDiff(ctx, 2, ctx.arg(1), false);
    }

    // SDIFF key [key ...]
    static void sdiff(CommandContext ctx) {
        unionDiff(ctx, 1, null, true);
    }

    // SDIFFSTORE destination key [key ...]
    static void sdiffstore(CommandContext ctx) {
        unionDiff(ctx, 2, ctx.arg(1), true);
    }

    /**
     * SUNION, SDIFF and their STORE forms. The result is built as a set (so duplicates vanish and an all-integer
     * result comes out sorted, as Redis's intset does). For SDIFF, Redis's cost estimate picks between checking each
     * member of the first set against the others and copying the first set then removing the others' members.
     */
    private static void unionDiff(CommandContext ctx, int from, byte[] dstKey, boolean diff) {
        SetValue[] sets = lookupSets(ctx, from, ctx.argc());
        SetLimits limits = limits(ctx);
        SetValue result = SetValue.empty();
        if (!diff) {
            for (SetValue s : sets) {
                if (s != null) {
                    s.forEachMember(m -> result.add(m, limits));
                }
            }
        } else if (sets[0] != null && !sameSetRepeated(sets)) {
            diffInto(result, sets, limits);
        }
        if (dstKey != null) {
            store(ctx, dstKey, result.members(), diff ? "sdiffstore" : "sunionstore");
        } else {
            replyMembers(ctx.reply(), result.members());
        }
    }

    private static boolean sameSetRepeated(SetValue[] sets) {
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == sets[0]) {
                return true;
            }
        }
        return false;
    }

    private static void diffInto(SetValue result, SetValue[] sets, SetLimits limits) {
        long checkEach = 0;
        long copyThenRemove = 0;
        for (SetValue s : sets) {
            if (s != null) {
                checkEach += sets[0].size();
                copyThenRemove += s.size();
            }
        }
        if (checkEach / 2 <= copyThenRemove) {
            SetValue[] others = Arrays.copyOfRange(sets, 1, sets.length);
            Arrays.sort(others, Comparator.comparingLong((SetValue s) -> s == null ? 0 : s.size()).reversed());
            sets[0].forEachMember(m -> {
                for (SetValue o : others) {
                    if (o != null && o.contains(m)) {
                        return;
                    }
                }
                result.add(m, limits);
            });
            return;
        }
        sets[0].forEachMember(m -> result.add(m, limits));
        for (int j = 1; j < sets.length && result.size() > 0; j++) {
            if (sets[j] != null) {
                sets[j].forEachMember(result::remove);
            }
        }
    }

    private static void replyMembers(ReplyWriter r, List<byte[]> members) {
        r.set(members.size());
        for (byte[] m : members) {
            r.bulk(m);
        }
    }

    /**
     * Stores a STORE command's result (replacing any value and TTL: one change), or deletes the destination when
     * the result is empty (one change if it existed, none otherwise, so that case propagates nothing).
     */
    private static void store(CommandContext ctx, byte[] dstKey, List<byte[]> members, String event) {
        Database db = ctx.db();
        if (members.isEmpty()) {
            deleteDestination(db, dstKey);
            ctx.reply().integer(0);
            return;
        }
        SetLimits limits = limits(ctx);
        SetValue set = SetValue.create(members.get(0), 1, limits);
        for (byte[] m : members) {
            set.add(m, limits);
        }
        db.put(dstKey, set);
        db.modified(dstKey, Events.SET, event);
        ctx.reply().integer(set.size());
    }

    private static void deleteDestination(Database db, byte[] dstKey) {
        if (db.remove(dstKey) != null) {
            db.modified(dstKey, Events.GENERIC, "del");
        }
    }

    // SSCAN key cursor [MATCH pattern] [COUNT count]
    static void sscan(CommandContext ctx) {
        ScanOptions options = ScanOptions.forKey(ctx.client(), ctx.argv(), SetValue.class);
        if (options == null) {
            return;
        }
        SetValue set = CommandContext.checked(options.entry.value(), SetValue.class);
        List<byte[]> found = new ArrayList<>();
        long next = set.scan(options.cursor, options.count, m -> {
            if (options.matches(m)) {
                found.add(m);
            }
        });
        ScanOptions.reply(ctx.client(), next, found);
    }
}
