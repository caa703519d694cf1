package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.client.Client;
import io.redjay.config.Config;
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
 */
public final class SetCommands {
    private static final String POSITIVE = "ERR value is out of range, must be positive";
    private static final String SRANDMEMBER_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    private static final String NUMKEYS = "ERR numkeys should be greater than 0";
    private static final String TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
    private static final String NEGATIVE_LIMIT = "ERR LIMIT can't be negative";

    private SetCommands() {
    }

    public static void register(CommandTable t) {
        t.command("sadd", -3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @set @fast")
                .doc("set", "1.0.0", "Add one or more members to a set", "SADD key member [member ...]",
                        "O(1) for each element added, so O(N) to add N elements when the command is called with"
                                + " multiple arguments.")
                .handler(SetCommands::sadd);
        t.command("srem", -3).flags("write fast").keys(1, 1, 1).acl("@write @set @fast")
                .doc("set", "1.0.0", "Remove one or more members from a set", "SREM key member [member ...]",
                        "O(N) where N is the number of members to be removed.")
                .handler(SetCommands::srem);
        t.command("smembers", 2).flags("readonly").keys(1, 1, 1).acl("@read @set @slow")
                .doc("set", "1.0.0", "Get all the members in a set", "SMEMBERS key",
                        "O(N) where N is the set cardinality.")
                .handler(SetCommands::smembers);
        t.command("sismember", 3).flags("readonly fast").keys(1, 1, 1).acl("@read @set @fast")
                .doc("set", "1.0.0", "Determine if a given value is a member of a set", "SISMEMBER key member",
                        "O(1)")
                .handler(SetCommands::sismember);
        t.command("smismember", -3).flags("readonly fast").keys(1, 1, 1).acl("@read @set @fast")
                .doc("set", "6.2.0", "Returns the membership associated with the given elements for a set",
                        "SMISMEMBER key member [member ...]",
                        "O(N) where N is the number of elements being checked for membership")
                .handler(SetCommands::smismember);
        t.command("scard", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @set @fast")
                .doc("set", "1.0.0", "Get the number of members in a set", "SCARD key", "O(1)")
                .handler(SetCommands::scard);
        t.command("spop", -2).flags("write fast").keys(1, 1, 1).acl("@write @set @fast")
                .doc("set", "1.0.0", "Remove and return one or multiple random members from a set",
                        "SPOP key [count]", "Without the count argument O(1), otherwise O(N) where N is the value"
                                + " of the passed count.")
                .handler(SetCommands::spop);
        t.command("srandmember", -2).flags("readonly").keys(1, 1, 1).acl("@read @set @slow")
                .doc("set", "1.0.0", "Get one or multiple random members from a set", "SRANDMEMBER key [count]",
                        "Without the count argument O(1), otherwise O(N) where N is the absolute value of the"
                                + " passed count.")
                .handler(SetCommands::srandmember);
        t.command("smove", 4).flags("write fast").keys(1, 2, 1).acl("@write @set @fast")
                .doc("set", "1.0.0", "Move a member from one set to another", "SMOVE source destination member",
                        "O(1)")
                .handler(SetCommands::smove);
        t.command("sinter", -2).flags("readonly").keys(1, -1, 1).acl("@read @set @slow")
                .doc("set", "1.0.0", "Intersect multiple sets", "SINTER key [key ...]", INTER_COMPLEXITY)
                .handler(SetCommands::sinter);
        t.command("sintercard", -3).flags("readonly").keys(SetCommands::sintercardKeys).acl("@read @set @slow")
                .doc("set", "7.0.0", "Intersect multiple sets and return the cardinality of the result",
                        "SINTERCARD numkeys key [key ...] [LIMIT limit]", INTER_COMPLEXITY)
                .handler(SetCommands::sintercard);
        t.command("sinterstore", -3).flags("write denyoom").keys(1, -1, 1).acl("@write @set @slow")
                .doc("set", "1.0.0", "Intersect multiple sets and store the resulting set in a key",
                        "SINTERSTORE destination key [key ...]", INTER_COMPLEXITY)
                .handler(SetCommands::sinterstore);
        t.command("sunion", -2).flags("readonly").keys(1, -1, 1).acl("@read @set @slow")
                .doc("set", "1.0.0", "Add multiple sets", "SUNION key [key ...]", ALL_COMPLEXITY)
                .handler(SetCommands::sunion);
        t.command("sunionstore", -3).flags("write denyoom").keys(1, -1, 1).acl("@write @set @slow")
                .doc("set", "1.0.0", "Add multiple sets and store the resulting set in a key",
                        "SUNIONSTORE destination key [key ...]", ALL_COMPLEXITY)
                .handler(SetCommands::sunionstore);
        t.command("sdiff", -2).flags("readonly").keys(1, -1, 1).acl("@read @set @slow")
                .doc("set", "1.0.0", "Subtract multiple sets", "SDIFF key [key ...]", ALL_COMPLEXITY)
                .handler(SetCommands::sdiff);
        t.command("sdiffstore", -3).flags("write denyoom").keys(1, -1, 1).acl("@write @set @slow")
                .doc("set", "1.0.0", "Subtract multiple sets and store the resulting set in a key",
                        "SDIFFSTORE destination key [key ...]", ALL_COMPLEXITY)
                .handler(SetCommands::sdiffstore);
        t.command("sscan", -3).flags("readonly").keys(1, 1, 1).acl("@read @set @slow")
                .doc("set", "2.8.0", "Incrementally iterate Set elements",
                        "SSCAN key cursor [MATCH pattern] [COUNT count]",
                        "O(1) for every call. O(N) for a complete iteration, including enough command calls for"
                                + " the cursor to return back to 0. N is the number of elements inside the"
                                + " collection..")
                .handler(SetCommands::sscan);
    }

    private static final String INTER_COMPLEXITY = "O(N*M) worst case where N is the cardinality of the smallest"
            + " set and M is the number of sets.";
    private static final String ALL_COMPLEXITY = "O(N) where N is the total number of elements in all given sets.";

    static SetLimits limits(Client c) {
        Config cfg = c.server().config();
        return new SetLimits(cfg.setMaxIntsetEntries, cfg.setMaxListpackEntries, cfg.setMaxListpackValue);
    }

    /** The set at {@code e}, or null after replying WRONGTYPE; call only with a non-null entry. */
    private static SetValue setOrError(Client c, KeyEntry e) {
        if (e.value() instanceof SetValue s) {
            return s;
        }
        c.reply().error(Errors.WRONGTYPE);
        return null;
    }

    /** Removes a set that became empty, with Redis's trailing "del" event. */
    private static void deleteEmptied(Database db, byte[] key) {
        db.remove(key);
        db.modified(key, Events.GENERIC, "del");
    }

    // SADD key member [member ...]
    static void sadd(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        SetLimits limits = limits(c);
        SetValue set;
        if (e == null) {
            set = SetValue.create(argv[2], argv.length - 2, limits);
            db.add(argv[1], set);
        } else {
            set = setOrError(c, e);
            if (set == null) {
                return;
            }
            set.prepareFor(argv.length - 2, limits);
        }
        int added = 0;
        for (int j = 2; j < argv.length; j++) {
            if (set.add(argv[j], limits)) {
                added++;
            }
        }
        if (added > 0) {
            db.modified(argv[1], Events.SET, "sadd");
        }
        c.reply().integer(added);
    }

    // SREM key member [member ...]
    static void srem(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue set = setOrError(c, e);
        if (set == null) {
            return;
        }
        int deleted = 0;
        for (int j = 2; j < argv.length && set.size() > 0; j++) {
            if (set.remove(argv[j])) {
                deleted++;
            }
        }
        if (deleted > 0) {
            if (set.size() == 0) {
                db.remove(argv[1]);
            }
            db.modified(argv[1], Events.SET, "srem");
            if (set.size() == 0) {
                db.modified(argv[1], Events.GENERIC, "del");
            }
        }
        c.reply().integer(deleted);
    }

    // SMOVE source destination member
    static void smove(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        KeyEntry srcEntry = db.lookupWrite(argv[1]);
        KeyEntry dstEntry = db.lookupWrite(argv[2]);
        byte[] member = argv[3];
        if (srcEntry == null) {
            c.reply().integer(0);
            return;
        }
        SetValue src = setOrError(c, srcEntry);
        if (src == null) {
            return;
        }
        SetValue dst = null;
        if (dstEntry != null) {
            dst = setOrError(c, dstEntry);
            if (dst == null) {
                return;
            }
        }
        if (src == dst) {
            c.reply().integer(src.contains(member) ? 1 : 0);
            return;
        }
        if (!src.remove(member)) {
            c.reply().integer(0);
            return;
        }
        if (src.size() == 0) {
            db.remove(argv[1]);
        }
        db.modified(argv[1], Events.SET, "srem");
        if (src.size() == 0) {
            db.modified(argv[1], Events.GENERIC, "del");
        }
        SetLimits limits = limits(c);
        if (dst == null) {
            dst = SetValue.create(member, 1, limits);
            db.add(argv[2], dst);
        }
        if (dst.add(member, limits)) {
            db.modified(argv[2], Events.SET, "sadd");
        }
        c.reply().integer(1);
    }

    // SISMEMBER key member
    static void sismember(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue set = setOrError(c, e);
        if (set != null) {
            c.reply().integer(set.contains(argv[2]) ? 1 : 0);
        }
    }

    // SMISMEMBER key member [member ...]
    static void smismember(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        SetValue set = null;
        if (e != null) {
            set = setOrError(c, e);
            if (set == null) {
                return;
            }
        }
        c.reply().array(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            c.reply().integer(set != null && set.contains(argv[j]) ? 1 : 0);
        }
    }

    // SCARD key
    static void scard(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue set = setOrError(c, e);
        if (set != null) {
            c.reply().integer(set.size());
        }
    }

    // SPOP key [count]
    static void spop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (argv.length == 3) {
            spopCount(c, argv);
            return;
        }
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue set = setOrError(c, e);
        if (set == null) {
            return;
        }
        byte[] member = set.popRandom();
        if (set.size() == 0) {
            db.remove(argv[1]);
        }
        db.modified(argv[1], Events.SET, "spop");
        if (set.size() == 0) {
            db.modified(argv[1], Events.GENERIC, "del");
        }
        c.reply().bulk(member);
    }

    private static void spopCount(Client c, byte[][] argv) {
        long count = Args.rangeOrError(c, argv[2], 0, Long.MAX_VALUE, POSITIVE);
        if (count == Args.INVALID) {
            return;
        }
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        if (e == null) {
            c.reply().set(0);
            return;
        }
        SetValue set = setOrError(c, e);
        if (set == null) {
            return;
        }
        if (count == 0) {
            c.reply().set(0);
            return;
        }
        List<byte[]> popped;
        if (count >= set.size()) {
            popped = set.members();
            db.remove(argv[1]);
            db.modified(argv[1], Events.SET, "spop");
            db.modified(argv[1], Events.GENERIC, "del");
        } else {
            popped = set.popRandom(count, limits(c));
            db.modified(argv[1], Events.SET, "spop");
        }
        c.reply().set(popped.size());
        for (byte[] m : popped) {
            c.reply().bulk(m);
        }
    }

    // SRANDMEMBER key [count]
    static void srandmember(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (argv.length == 3) {
            srandmemberCount(c, argv);
            return;
        }
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue set = setOrError(c, e);
        if (set != null) {
            c.reply().bulk(set.random());
        }
    }

    private static void srandmemberCount(Client c, byte[][] argv) {
        if (!Numbers.isValidLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long l = Numbers.parseLong(argv[2]);
        if (l == Long.MIN_VALUE) {
            c.reply().error(SRANDMEMBER_RANGE);
            return;
        }
        boolean distinct = l >= 0;
        long count = Math.abs(l);
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().emptyArray();
            return;
        }
        SetValue set = setOrError(c, e);
        if (set == null) {
            return;
        }
        if (count == 0) {
            c.reply().emptyArray();
            return;
        }
        if (!distinct || count == 1) {
            if (count > Integer.MAX_VALUE) {
                c.closeAfterReply();
                return;
            }
            c.reply().array((int) count);
            for (long i = 0; i < count; i++) {
                c.reply().bulk(set.random());
            }
            return;
        }
        List<byte[]> picked = count >= set.size() ? set.members() : set.randomDistinct((int) count);
        c.reply().array(picked.size());
        for (byte[] m : picked) {
            c.reply().bulk(m);
        }
    }

    // SMEMBERS key
    static void smembers(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        inter(c, argv, 1, argv.length, null, false, 0);
    }

    // SINTER key [key ...]
    static void sinter(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        inter(c, argv, 1, argv.length, null, false, 0);
    }

    // SINTERSTORE destination key [key ...]
    static void sinterstore(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        inter(c, argv, 2, argv.length, argv[1], false, 0);
    }

    // SINTERCARD numkeys key [key ...] [LIMIT limit]
    static void sintercard(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        long numkeys = Args.rangeOrError(c, argv[1], 1, Long.MAX_VALUE, NUMKEYS);
        if (numkeys == Args.INVALID) {
            return;
        }
        if (numkeys > argv.length - 2) {
            c.reply().error(TOO_MANY_KEYS);
            return;
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < argv.length; j++) {
            if (Text.is(argv[j], "limit") && j + 1 < argv.length) {
                limit = Args.rangeOrError(c, argv[++j], 0, Long.MAX_VALUE, NEGATIVE_LIMIT);
                if (limit == Args.INVALID) {
                    return;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        inter(c, argv, 2, 2 + (int) numkeys, null, true, limit);
    }

    /** Key positions of SINTERCARD: the {@code numkeys} arguments after it, none when it is not a valid count. */
    static int[] sintercardKeys(byte[][] argv) {
        long n = argv.length > 1 ? Numbers.parseLong(argv[1]) : 0;
        if (n <= 0 || n == Numbers.NOT_A_NUMBER || n > argv.length - 2) {
            return new int[0];
        }
        int[] keys = new int[(int) n];
        for (int i = 0; i < n; i++) {
            keys[i] = 2 + i;
        }
        return keys;
    }

    /**
     * Looks up the sets named by {@code argv[from..to)}: null entries for missing keys, or null as a whole after
     * replying WRONGTYPE (every key is checked, missing ones included, as Redis does).
     */
    private static SetValue[] lookupSets(Client c, byte[][] argv, int from, int to) {
        Database db = c.db();
        SetValue[] sets = new SetValue[to - from];
        for (int j = from; j < to; j++) {
            KeyEntry e = db.lookup(argv[j]);
            if (e == null) {
                continue;
            }
            SetValue s = setOrError(c, e);
            if (s == null) {
                return null;
            }
            sets[j - from] = s;
        }
        return sets;
    }

    /** SINTER, SMEMBERS, SINTERSTORE and SINTERCARD: walk the smallest set, keep members all others contain. */
    private static void inter(Client c, byte[][] argv, int from, int to, byte[] dstKey, boolean cardOnly,
                              long limit) {
        SetValue[] sets = lookupSets(c, argv, from, to);
        if (sets == null) {
            return;
        }
        if (Arrays.stream(sets).anyMatch(s -> s == null)) {
            if (dstKey != null) {
                deleteDestination(c, dstKey);
                c.reply().integer(0);
            } else if (cardOnly) {
                c.reply().integer(0);
            } else {
                c.reply().set(0);
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
            c.reply().integer(cardinality[0]);
        } else if (dstKey != null) {
            store(c, dstKey, result, "sinterstore");
        } else {
            replyMembers(c, result);
        }
    }

    // SUNION key [key ...]
    static void sunion(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        unionDiff(c, argv, 1, null, false);
    }

    // SUNIONSTORE destination key [key ...]
    static void sunionstore(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        unionDiff(c, argv, 2, argv[1], false);
    }

    // SDIFF key [key ...]
    static void sdiff(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        unionDiff(c, argv, 1, null, true);
    }

    // SDIFFSTORE destination key [key ...]
    static void sdiffstore(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        unionDiff(c, argv, 2, argv[1], true);
    }

    /**
     * SUNION, SDIFF and their STORE forms. The result is built as a set (so duplicates vanish and an all-integer
     * result comes out sorted, as Redis's intset does). For SDIFF, Redis's cost estimate picks between checking each
     * member of the first set against the others and copying the first set then removing the others' members.
     */
    private static void unionDiff(Client c, byte[][] argv, int from, byte[] dstKey, boolean diff) {
        SetValue[] sets = lookupSets(c, argv, from, argv.length);
        if (sets == null) {
            return;
        }
        SetLimits limits = limits(c);
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
            store(c, dstKey, result.members(), diff ? "sdiffstore" : "sunionstore");
        } else {
            replyMembers(c, result.members());
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

    private static void replyMembers(Client c, List<byte[]> members) {
        c.reply().set(members.size());
        for (byte[] m : members) {
            c.reply().bulk(m);
        }
    }

    /** Stores a STORE command's result (replacing any value and TTL), or deletes the destination when empty. */
    private static void store(Client c, byte[] dstKey, List<byte[]> members, String event) {
        if (members.isEmpty()) {
            deleteDestination(c, dstKey);
            c.reply().integer(0);
            return;
        }
        SetLimits limits = limits(c);
        SetValue set = SetValue.create(members.get(0), 1, limits);
        for (byte[] m : members) {
            set.add(m, limits);
        }
        Database db = c.db();
        db.put(dstKey, set);
        db.modified(dstKey, Events.SET, event);
        c.reply().integer(set.size());
    }

    private static void deleteDestination(Client c, byte[] dstKey) {
        Database db = c.db();
        if (db.remove(dstKey) != null) {
            db.modified(dstKey, Events.GENERIC, "del");
        }
    }

    // SSCAN key cursor [MATCH pattern] [COUNT count]
    static void sscan(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ScanOptions options = ScanOptions.forKey(c, argv, SetValue.class);
        if (options == null) {
            return;
        }
        long cursor = options.cursor;
        SetValue set = (SetValue) options.entry.value();
        List<byte[]> found = new ArrayList<>();
        long next = set.scan(cursor, options.count, m -> {
            if (options.matches(m)) {
                found.add(m);
            }
        });
        ScanOptions.reply(c, next, found);
    }
}
