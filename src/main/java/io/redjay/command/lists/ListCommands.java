package io.redjay.command.lists;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.IndexRange;
import io.redjay.command.KeyFinder;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.ListValue;
import io.redjay.types.Numbers;
import io.redjay.types.Quicklist;
import io.redjay.types.QuicklistNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * List commands: pushes and pops at both ends, positional access, LPOS and LMOVE; the blocking forms are in
 * {@link ListBlockingCommands} and share the pop and move bodies here.
 *
 * <p><b>Replies without copies.</b> Elements live packed in the nodes of a {@link ListValue}; LRANGE, LINDEX and the
 * single-element pops write each reply straight from the node's buffer, and pushes copy the argument bytes into it,
 * so the hot commands allocate nothing per element.
 *
 * <p><b>Order of checks.</b> Each handler parses and looks up in the order Redis 7.0 does (LRANGE parses its
 * indexes before the lookup, LINDEX after it, LSET reports a missing key before a bad index...), since the first
 * failing check decides which error a client sees. Every check comes before the first change and the first reply
 * byte, so a failing one raises a {@link CommandError}.
 *
 * <p><b>Propagation and dirty.</b> A write that changed nothing (LPUSHX on a missing key, LREM or LINSERT that found
 * nothing, LTRIM that kept everything, a pop of COUNT 0) counts no change and so propagates nothing. The amount
 * counted follows Redis's {@code server.dirty}: one per element pushed, popped, removed or trimmed, one per LSET,
 * LINSERT and move. LMPOP is propagated as the {@code LPOP}/{@code RPOP} with the count actually popped; every other
 * list write verbatim.
 */
public final class ListCommands {
    private ListCommands() {
    }

    private static final CommandError OUT_OF_RANGE = CommandError.of("ERR index out of range");
    private static final CommandError MUST_BE_POSITIVE = CommandError.of("ERR value is out of range, must be positive");
    private static final CommandError RANK_ZERO = CommandError.of("ERR RANK can't be zero: use 1 to start from the"
            + " first match, 2 from the second ... or use negative to start from the end of the list");
    private static final CommandError COUNT_NEGATIVE = CommandError.of("ERR COUNT can't be negative");
    private static final CommandError MAXLEN_NEGATIVE = CommandError.of("ERR MAXLEN can't be negative");
    static final CommandError NUMKEYS = CommandError.of("ERR numkeys should be greater than 0");
    static final CommandError COUNT_POSITIVE = CommandError.of("ERR count should be greater than 0");

    static final byte[] LPOP = bytes("LPOP");
    static final byte[] RPOP = bytes("RPOP");

    /** Keys of LMPOP: numkeys at 1, the keys after it. */
    static int[] lmpopKeys(byte[][] argv) {
        return KeyFinder.afterNumkeys(argv, 1);
    }

    /** Keys of BLMPOP: the timeout at 1, numkeys at 2, the keys after it. */
    static int[] blmpopKeys(byte[][] argv) {
        return KeyFinder.afterNumkeys(argv, 2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A 64-bit integer argument, else Redis's integer error. Checked apart from parsing because
     * {@link Numbers#parseLong} answers Long.MIN_VALUE both for errors and for that valid index.
     */
    private static long longArg(byte[] arg) {
        if (!Numbers.isValidLong(arg)) {
            throw CommandError.NOT_INTEGER;
        }
        return Numbers.parseLong(arg);
    }

    /** An integer argument within [min, max], else {@code error} (min > Long.MIN_VALUE, so no ambiguity). */
    static long rangedArg(byte[] arg, long min, long max, CommandError error) {
        long v = Numbers.parseLong(arg);
        if (v == Numbers.NOT_A_NUMBER || v < min || v > max) {
            throw error;
        }
        return v;
    }

    static long fill(CommandContext ctx) {
        return ctx.config().listMaxListpackSize;
    }

    /**
     * Makes the dirty counter count {@code n} changes for a write that went through the funnel
     * ({@link Database#modified}) once, as Redis's {@code server.dirty} counts it; 0 when the write changed nothing
     * but Redis still signals the key (LTRIM that kept every element).
     */
    static void countChanges(CommandContext ctx, long n) {
        if (n != 1) {
            ctx.server().keyspace().addDirty(n - 1);
        }
    }

    // ------------------------------------------------------------------ pushes

    // LPUSH key element [element ...]
    static void lpush(CommandContext ctx) {
        push(ctx, true, false);
    }

    // RPUSH key element [element ...]
    static void rpush(CommandContext ctx) {
        push(ctx, false, false);
    }

    // LPUSHX key element [element ...]
    static void lpushx(CommandContext ctx) {
        push(ctx, true, true);
    }

    // RPUSHX key element [element ...]
    static void rpushx(CommandContext ctx) {
        push(ctx, false, true);
    }

    private static void push(CommandContext ctx, boolean head, boolean onlyExisting) {
        byte[][] argv = ctx.argv();
        ListValue list = onlyExisting ? ctx.write(argv[1], ListValue.class)
                : ctx.writeOrCreate(argv[1], ListValue.class, ListValue::new);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        long fill = fill(ctx);
        for (int i = 2; i < argv.length; i++) {
            if (head) {
                list.pushHead(argv[i], fill);
            } else {
                list.pushTail(argv[i], fill);
            }
        }
        ctx.reply().integer(list.length());
        ctx.db().modified(argv[1], Events.LIST, head ? "lpush" : "rpush");
        countChanges(ctx, argv.length - 2);
    }

    // LINSERT key <BEFORE | AFTER> pivot element
    static void linsert(CommandContext ctx) {
        boolean after;
        if (Text.is(ctx.arg(2), "after")) {
            after = true;
        } else if (Text.is(ctx.arg(2), "before")) {
            after = false;
        } else {
            throw CommandError.SYNTAX;
        }
        ListValue list = ctx.write(ctx.arg(1), ListValue.class);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        Quicklist.Cursor cur = list.at(0);
        do {
            if (cur.valueEquals(ctx.arg(3))) {
                list.insert(cur, ctx.arg(4), after, fill(ctx));
                ctx.reply().integer(list.length());
                ctx.db().modified(ctx.arg(1), Events.LIST, "linsert");
                return;
            }
        } while (cur.next());
        ctx.reply().integer(-1);
    }

    // ------------------------------------------------------------------ reads

    // LLEN key
    static void llen(CommandContext ctx) {
        ListValue list = ctx.read(ctx.arg(1), ListValue.class);
        ctx.reply().integer(list == null ? 0 : list.length());
    }

    // LINDEX key index
    static void lindex(CommandContext ctx) {
        ListValue list = ctx.read(ctx.arg(1), ListValue.class);
        if (list == null) {
            ctx.reply().nullBulk();
            return;
        }
        Quicklist.Cursor cur = list.at(longArg(ctx.arg(2)));
        if (cur == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(cur.buffer(), cur.offset(), cur.length());
        }
    }

    // LRANGE key start stop
    static void lrange(CommandContext ctx) {
        long start = longArg(ctx.arg(2));
        long end = longArg(ctx.arg(3));
        ListValue list = ctx.read(ctx.arg(1), ListValue.class);
        if (list == null) {
            ctx.reply().emptyArray();
            return;
        }
        replyRange(ctx.reply(), list, start, end, false);
    }

    /** LRANGE's reply for [start, end] (Redis index rules), walked backwards when {@code reverse}. */
    private static void replyRange(ReplyWriter w, ListValue list, long start, long end, boolean reverse) {
        IndexRange range = IndexRange.of(start, end, list.length());
        if (range == null) {
            w.emptyArray();
            return;
        }
        int n = range.count();
        w.array(n);
        Quicklist.Cursor cur = list.at(reverse ? range.end() : range.start());
        for (int i = 0; i < n; i++) {
            w.bulk(cur.buffer(), cur.offset(), cur.length());
            if (i + 1 < n) {
                if (reverse) {
                    cur.prev();
                } else {
                    cur.next();
                }
            }
        }
    }

    // LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
    static void lpos(CommandContext ctx) {
        byte[][] argv = ctx.argv();
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (more && Text.is(argv[j], "rank")) {
                rank = longArg(argv[++j]);
                if (rank == 0) {
                    throw RANK_ZERO;
                }
            } else if (more && Text.is(argv[j], "count")) {
                count = rangedArg(argv[++j], 0, Long.MAX_VALUE, COUNT_NEGATIVE);
            } else if (more && Text.is(argv[j], "maxlen")) {
                maxlen = rangedArg(argv[++j], 0, Long.MAX_VALUE, MAXLEN_NEGATIVE);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        ListValue list = ctx.read(argv[1], ListValue.class);
        ReplyWriter w = ctx.reply();
        if (list == null) {
            if (count != -1) {
                w.emptyArray();
            } else {
                w.nullBulk();
            }
            return;
        }
        long len = list.length();
        long[] found = new long[count > 0 ? (int) Math.min(count, 16) : 16];
        int nfound = 0;
        long matches = 0;
        Quicklist.Cursor cur = list.at(fromTail ? -1 : 0);
        long index = 0;
        boolean more = true;
        while (more && (maxlen == 0 || index < maxlen)) {
            if (cur.valueEquals(argv[2]) && ++matches >= rank) {
                if (nfound == found.length) {
                    found = Arrays.copyOf(found, nfound * 2);
                }
                found[nfound++] = fromTail ? len - index - 1 : index;
                if (count == -1 || count != 0 && matches - rank + 1 >= count) {
                    break;
                }
            }
            index++;
            more = fromTail ? cur.prev() : cur.next();
        }
        if (count == -1) {
            if (nfound == 0) {
                w.nullBulk();
            } else {
                w.integer(found[0]);
            }
            return;
        }
        w.array(nfound);
        for (int i = 0; i < nfound; i++) {
            w.integer(found[i]);
        }
    }

    // ------------------------------------------------------------------ changes in place

    // LSET key index element
    static void lset(CommandContext ctx) {
        ListValue list = ctx.write(ctx.arg(1), ListValue.class);
        if (list == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        Quicklist.Cursor cur = list.at(longArg(ctx.arg(2)));
        if (cur == null) {
            throw OUT_OF_RANGE;
        }
        list.set(cur, ctx.arg(3), fill(ctx));
        ctx.reply().ok();
        ctx.db().modified(ctx.arg(1), Events.LIST, "lset");
    }

    // LREM key count element
    static void lrem(CommandContext ctx) {
        long toRemove = longArg(ctx.arg(2));
        byte[] key = ctx.arg(1);
        ListValue list = ctx.write(key, ListValue.class);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        boolean fromTail = toRemove < 0;
        long limit = fromTail ? -toRemove : toRemove;
        if (limit < 0) {
            limit = Long.MAX_VALUE;
        }
        long removed = list.removeMatching(ctx.arg(3), limit, fromTail, fill(ctx));
        if (removed > 0) {
            ctx.db().modified(key, Events.LIST, "lrem");
            countChanges(ctx, removed);
            deleteIfEmpty(ctx, key, list);
        }
        ctx.reply().integer(removed);
    }

    // LTRIM key start stop
    static void ltrim(CommandContext ctx) {
        long start = longArg(ctx.arg(2));
        long end = longArg(ctx.arg(3));
        byte[] key = ctx.arg(1);
        ListValue list = ctx.write(key, ListValue.class);
        if (list == null) {
            ctx.reply().ok();
            return;
        }
        long len = list.length();
        IndexRange range = IndexRange.of(start, end, len);
        long fromHead = range == null ? len : range.start();
        long fromTail = range == null ? 0 : len - range.end() - 1;
        list.removeHead(fromHead);
        list.removeTail(fromTail);
        ctx.db().modified(key, Events.LIST, "ltrim");
        countChanges(ctx, fromHead + fromTail);
        deleteIfEmpty(ctx, key, list);
        ctx.reply().ok();
    }

    /**
     * Deletes a list that became empty (with Redis's "del" event; the change itself was already counted), or lets a
     * shrunk one return to listpack.
     */
    private static void deleteIfEmpty(CommandContext ctx, byte[] key, ListValue list) {
        if (list.length() == 0) {
            Database db = ctx.db();
            db.remove(key);
            db.event(key, Events.GENERIC, "del");
        } else {
            list.shrinking(fill(ctx));
        }
    }

    // ------------------------------------------------------------------ pops

    // LPOP key [count]
    static void lpop(CommandContext ctx) {
        pop(ctx, true);
    }

    // RPOP key [count]
    static void rpop(CommandContext ctx) {
        pop(ctx, false);
    }

    private static void pop(CommandContext ctx, boolean head) {
        if (ctx.argc() > 3) {
            throw CommandError.of("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
        }
        boolean hasCount = ctx.argc() == 3;
        long count = hasCount ? rangedArg(ctx.arg(2), 0, Long.MAX_VALUE, MUST_BE_POSITIVE) : 0;
        byte[] key = ctx.arg(1);
        ListValue list = ctx.write(key, ListValue.class);
        if (list == null) {
            if (hasCount) {
                ctx.reply().nullArray();
            } else {
                ctx.reply().nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            ctx.reply().emptyArray();
            return;
        }
        if (!hasCount) {
            popOne(ctx, key, list, head);
        } else {
            popRange(ctx, key, list, head, count);
        }
    }

    /** Replies with the element at one end, read in place, then removes it (events, dirty, deletion). */
    static void popOne(CommandContext ctx, byte[] key, ListValue list, boolean head) {
        QuicklistNode n = head ? list.headNode() : list.tailNode();
        int p = head ? n.first() : n.last();
        ctx.reply().bulk(n.buffer(), n.valueOffset(p), n.length(p));
        if (head) {
            list.dropHead();
        } else {
            list.dropTail();
        }
        popped(ctx, key, list, head, 1);
    }

    /**
     * Replies with up to {@code count} elements from one end, in popping order, then removes them (events, dirty,
     * deletion). Returns how many were popped.
     */
    static long popRange(CommandContext ctx, byte[] key, ListValue list, boolean head, long count) {
        long n = Math.min(count, list.length());
        if (head) {
            replyRange(ctx.reply(), list, 0, n - 1, false);
            list.removeHead(n);
        } else {
            replyRange(ctx.reply(), list, -n, -1, true);
            list.removeTail(n);
        }
        popped(ctx, key, list, head, n);
        return n;
    }

    /** The write funnel after popping {@code n} elements: the pop event, the count, deletion when emptied. */
    private static void popped(CommandContext ctx, byte[] key, ListValue list, boolean head, long n) {
        ctx.db().modified(key, Events.LIST, head ? "lpop" : "rpop");
        countChanges(ctx, n);
        deleteIfEmpty(ctx, key, list);
    }

    /**
     * LMPOP and BLMPOP's reply, [key, [elements]], for up to {@code count} elements of {@code list}; the command is
     * propagated as the plain pop with the count actually popped ({@code LPOP key n}), as Redis rewrites it.
     */
    static void popRangeWithKey(CommandContext ctx, byte[] key, ListValue list, boolean head, long count) {
        ctx.reply().array(2);
        ctx.reply().bulk(key);
        long n = popRange(ctx, key, list, head, count);
        if (ctx.propagating()) {
            ctx.propagateAs(head ? LPOP : RPOP, key, bytes(Long.toString(n)));
        }
    }

    /** LMPOP/BLMPOP arguments after {@code numkeys}: the keys (by position), the side and the count. */
    record MpopArgs(int firstKey, int endKey, boolean head, long count) {
        static MpopArgs parse(byte[][] argv, int numkeysAt) {
            long numkeys = rangedArg(argv[numkeysAt], 1, Long.MAX_VALUE, NUMKEYS);
            long whereAt = numkeysAt + numkeys + 1;
            if (whereAt >= argv.length || whereAt < 0) {
                throw CommandError.SYNTAX;
            }
            boolean head = isLeft(argv[(int) whereAt]);
            long count = -1;
            for (int j = (int) whereAt + 1; j < argv.length; j++) {
                if (count == -1 && j + 1 < argv.length && Text.is(argv[j], "count")) {
                    count = rangedArg(argv[++j], 1, Long.MAX_VALUE, COUNT_POSITIVE);
                } else {
                    throw CommandError.SYNTAX;
                }
            }
            return new MpopArgs(numkeysAt + 1, (int) whereAt, head, count == -1 ? 1 : count);
        }
    }

    // LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
    static void lmpop(CommandContext ctx) {
        MpopArgs a = MpopArgs.parse(ctx.argv(), 1);
        for (int i = a.firstKey(); i < a.endKey(); i++) {
            ListValue list = ctx.write(ctx.arg(i), ListValue.class);
            if (list != null) {
                popRangeWithKey(ctx, ctx.arg(i), list, a.head(), a.count());
                return;
            }
        }
        ctx.reply().nullArray();
    }

    // ------------------------------------------------------------------ moves

    /** LEFT (true) or RIGHT (false), case-insensitive, else a syntax error. */
    static boolean isLeft(byte[] arg) {
        if (Text.is(arg, "left")) {
            return true;
        }
        if (Text.is(arg, "right")) {
            return false;
        }
        throw CommandError.SYNTAX;
    }

    // LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>
    static void lmove(CommandContext ctx) {
        boolean fromHead = isLeft(ctx.arg(3));
        boolean toHead = isLeft(ctx.arg(4));
        ListValue source = ctx.write(ctx.arg(1), ListValue.class);
        if (source == null) {
            ctx.reply().nullBulk();
            return;
        }
        move(ctx, source, fromHead, toHead);
    }

    // RPOPLPUSH source destination
    static void rpoplpush(CommandContext ctx) {
        ListValue source = ctx.write(ctx.arg(1), ListValue.class);
        if (source == null) {
            ctx.reply().nullBulk();
            return;
        }
        move(ctx, source, false, true);
    }

    /**
     * Pops from {@code source} (the list at argument 1) and pushes onto the list at argument 2, possibly the same
     * one, replying with the element. The destination's type is checked before anything changes. Counts one change,
     * as Redis does for a move.
     */
    static void move(CommandContext ctx, ListValue source, boolean fromHead, boolean toHead) {
        byte[] src = ctx.arg(1);
        byte[] dst = ctx.arg(2);
        ListValue target = ctx.writeOrCreate(dst, ListValue.class, ListValue::new);
        long fill = fill(ctx);
        byte[] value = fromHead ? source.popHead() : source.popTail();
        if (toHead) {
            target.pushHead(value, fill);
        } else {
            target.pushTail(value, fill);
        }
        Database db = ctx.db();
        db.modified(dst, Events.LIST, toHead ? "lpush" : "rpush");
        ctx.reply().bulk(value);
        db.modified(src, Events.LIST, fromHead ? "lpop" : "rpop");
        countChanges(ctx, 0); // the funnel counted both keys, Redis counts the move once
        deleteIfEmpty(ctx, src, source);
    }
}
