package io.redjay.command.hashes;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Errors;
import io.redjay.command.ScanOptions;
import io.redjay.command.Text;
import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.HashRandom;
import io.redjay.types.HashValue;
import io.redjay.types.LongDouble;
import io.redjay.types.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hash commands: H* on a {@link HashValue}.
 *
 * <p><b>Keys and emptiness.</b> A missing key reads as an empty hash (HGET gives null, HLEN 0, HGETALL an empty
 * map); a write creates the hash, and the command that removes its last field deletes the key, emitting the hash
 * event and then {@code del}, as Redis does.
 *
 * <p><b>Order of checks.</b> Each handler validates in Redis's order (argument count and numbers before the key's
 * type, the type before field contents) because the first failing check decides which error a client sees.
 *
 * <p><b>Propagation and the dirty counter</b>, as Redis: HSET and HMSET count one change per pair given (whether or
 * not a value changed, so they always propagate), HDEL one per field removed, HSETNX, HINCRBY and HINCRBYFLOAT one;
 * a command that changed nothing (HSETNX of an existing field, HDEL of absent fields) counts nothing and propagates
 * nothing. HINCRBYFLOAT goes out as {@code HSET key field <new value>}, so a replica stores the very text the master
 * computed instead of redoing the floating-point sum.
 *
 * <p><b>Encodings.</b> The handlers only pass the configured thresholds to {@link HashValue}, which decides when the
 * compact form turns into a table. Replies are written straight from the packed array where possible, without
 * copying each field.
 */
public final class HashCommands {
    private HashCommands() {
    }

    private static final CommandError NOT_INTEGER = CommandError.of("ERR hash value is not an integer");
    private static final CommandError NOT_FLOAT = CommandError.of("ERR hash value is not a float");
    private static final CommandError OUT_OF_RANGE = CommandError.of("ERR value is out of range");
    private static final CommandError COUNT_RANGE = CommandError.of(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandError INCR_NAN = CommandError.of("ERR value is NaN or Infinity");
    private static final CommandError RESULT_NAN = CommandError.of("ERR increment would produce NaN or Infinity");
    private static final CommandError OVERFLOW = CommandError.of(Errors.OVERFLOW);
    private static final CommandError HSET_ARITY = CommandError.of("ERR wrong number of arguments for 'hset' command");
    private static final CommandError HMSET_ARITY =
            CommandError.of("ERR wrong number of arguments for 'hmset' command");

    private static final byte[] HSET = Text.bytes("HSET");

    /** The hash at {@code key} to change in place, created (and stored) when missing. */
    private static HashValue forWrite(CommandContext ctx, byte[] key) {
        HashValue h = ctx.write(key, HashValue.class);
        if (h == null) {
            h = new HashValue();
            ctx.db().add(key, h);
        }
        return h;
    }

    /** Reports {@code changes} (at least one) changes of the hash at {@code key} with the hash event {@code event}. */
    private static void changed(Database db, byte[] key, String event, long changes) {
        db.modified(key, Events.HASH, event);
        db.keyspace().addDirty(changes - 1);
    }

    /** A 64-bit integer argument, {@code Long.MIN_VALUE} included. */
    private static long longArg(byte[] arg) {
        if (!Numbers.isValidLong(arg)) {
            throw CommandError.NOT_INTEGER;
        }
        return Numbers.parseLong(arg);
    }

    /** The value to store in a field, under the configured thresholds. */
    private static void set(CommandContext ctx, HashValue h, byte[] field, byte[] value) {
        Config cfg = ctx.config();
        h.set(field, value, cfg.hashMaxListpackEntries, cfg.hashMaxListpackValue);
    }

    // HSET key field value [field value ...]
    static void hset(CommandContext ctx) {
        ctx.reply().integer(setPairs(ctx, HSET_ARITY));
    }

    // HMSET key field value [field value ...]
    static void hmset(CommandContext ctx) {
        setPairs(ctx, HMSET_ARITY);
        ctx.reply().ok();
    }

    /** Sets every pair of HSET or HMSET; returns how many fields were created. */
    private static long setPairs(CommandContext ctx, CommandError arityError) {
        byte[][] argv = ctx.argv();
        if (argv.length % 2 == 1) {
            throw arityError;
        }
        HashValue h = forWrite(ctx, argv[1]);
        Config cfg = ctx.config();
        h.convertIfAnyLonger(argv, 2, argv.length - 1, cfg.hashMaxListpackValue);
        long created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.set(argv[i], argv[i + 1], cfg.hashMaxListpackEntries, cfg.hashMaxListpackValue)) {
                created++;
            }
        }
        changed(ctx.db(), argv[1], "hset", (argv.length - 2) / 2);
        return created;
    }

    // HSETNX key field value
    static void hsetnx(CommandContext ctx) {
        HashValue h = forWrite(ctx, ctx.arg(1));
        if (h.exists(ctx.arg(2))) {
            ctx.reply().integer(0);
            return;
        }
        set(ctx, h, ctx.arg(2), ctx.arg(3));
        changed(ctx.db(), ctx.arg(1), "hset", 1);
        ctx.reply().integer(1);
    }

    // HGET key field
    static void hget(CommandContext ctx) {
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        if (h == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulkOrNull(h.get(ctx.arg(2)));
        }
    }

    // HMGET key field [field ...]
    static void hmget(CommandContext ctx) {
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        ReplyWriter r = ctx.reply();
        r.array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            r.bulkOrNull(h == null ? null : h.get(ctx.arg(i)));
        }
    }

    // HDEL key field [field ...]
    static void hdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        HashValue h = ctx.write(key, HashValue.class);
        if (h == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = 0;
        for (int i = 2; i < ctx.argc() && !h.isEmpty(); i++) {
            if (h.delete(ctx.arg(i))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            Database db = ctx.db();
            changed(db, key, "hdel", deleted);
            if (h.isEmpty()) {
                db.remove(key);
                db.event(key, Events.GENERIC, "del");
            }
        }
        ctx.reply().integer(deleted);
    }

    // HLEN key
    static void hlen(CommandContext ctx) {
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        ctx.reply().integer(h == null ? 0 : h.size());
    }

    // HSTRLEN key field
    static void hstrlen(CommandContext ctx) {
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        ctx.reply().integer(h == null ? 0 : h.valueLength(ctx.arg(2)));
    }

    // HEXISTS key field
    static void hexists(CommandContext ctx) {
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        ctx.reply().integer(h != null && h.exists(ctx.arg(2)) ? 1 : 0);
    }

    // HKEYS key
    static void hkeys(CommandContext ctx) {
        getAll(ctx, true, false);
    }

    // HVALS key
    static void hvals(CommandContext ctx) {
        getAll(ctx, false, true);
    }

    // HGETALL key
    static void hgetall(CommandContext ctx) {
        getAll(ctx, true, true);
    }

    private static void getAll(CommandContext ctx, boolean fields, boolean values) {
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        ReplyWriter r = ctx.reply();
        boolean both = fields && values;
        int n = h == null ? 0 : (int) h.size();
        if (both) {
            r.map(n);
        } else {
            r.array(n);
        }
        if (h == null) {
            return;
        }
        h.forEach((f, fo, fl, v, vo, vl) -> {
            if (fields) {
                r.bulk(f, fo, fl);
            }
            if (values) {
                r.bulk(v, vo, vl);
            }
        });
    }

    // HINCRBY key field increment
    static void hincrby(CommandContext ctx) {
        long incr = longArg(ctx.arg(3));
        byte[] key = ctx.arg(1);
        HashValue h = forWrite(ctx, key);
        byte[] old = h.get(ctx.arg(2));
        long value = 0;
        if (old != null) {
            if (!Numbers.isValidLong(old)) {
                throw NOT_INTEGER;
            }
            value = Numbers.parseLong(old);
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw OVERFLOW;
        }
        value += incr;
        set(ctx, h, ctx.arg(2), Numbers.longToBytes(value));
        changed(ctx.db(), key, "hincrby", 1);
        ctx.reply().integer(value);
    }

    // HINCRBYFLOAT key field increment
    static void hincrbyfloat(CommandContext ctx) {
        LongDouble incr = LongDouble.parse(ctx.arg(3));
        if (incr == null) {
            throw CommandError.NOT_FLOAT;
        }
        if (!incr.isFinite()) {
            throw INCR_NAN;
        }
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        HashValue h = forWrite(ctx, key);
        byte[] old = h.get(field);
        LongDouble value = LongDouble.ZERO;
        if (old != null) {
            value = LongDouble.parse(old);
            if (value == null) {
                throw NOT_FLOAT;
            }
        }
        LongDouble sum = value.plus(incr);
        if (!sum.isFinite()) {
            throw RESULT_NAN;
        }
        byte[] bytes = sum.toHumanBytes();
        set(ctx, h, field, bytes);
        changed(ctx.db(), key, "hincrbyfloat", 1);
        if (ctx.propagating()) {
            ctx.propagateAs(HSET, key, field, bytes);
        }
        ctx.reply().bulk(bytes);
    }

    // HRANDFIELD key [count [WITHVALUES]]
    static void hrandfield(CommandContext ctx) {
        if (ctx.argc() == 2) {
            HashValue h = ctx.read(ctx.arg(1), HashValue.class);
            if (h == null) {
                ctx.reply().nullBulk();
            } else {
                ctx.reply().bulk(h.randomPair()[0]);
            }
            return;
        }
        long count = longArg(ctx.arg(2));
        if (count == Long.MIN_VALUE) {
            throw COUNT_RANGE;
        }
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !Text.is(ctx.arg(3), "withvalues"))) {
            throw CommandError.SYNTAX;
        }
        boolean withValues = ctx.argc() == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            throw OUT_OF_RANGE;
        }
        HashValue h = ctx.read(ctx.arg(1), HashValue.class);
        if (h == null || count == 0) {
            ctx.reply().emptyArray();
        } else if (count < 0 || count == 1) {
            randomWithRepeats(ctx.reply(), h, count < 0 ? -count : 1, withValues);
        } else if (count >= h.size()) {
            replyPairs(ctx.reply(), h.pairs(), withValues);
        } else {
            replyPairs(ctx.reply(), HashRandom.distinct(h, (int) count), withValues);
        }
    }

    /**
     * HRANDFIELD with a negative count: {@code n} independent draws. A reply beyond what an array header can count
     * is refused with Redis's range error rather than attempted, since it could never be delivered.
     */
    private static void randomWithRepeats(ReplyWriter r, HashValue h, long n, boolean withValues) {
        long elements = withValues && !r.resp3() ? n * 2 : n;
        if (elements > Integer.MAX_VALUE) {
            throw OUT_OF_RANGE;
        }
        r.array((int) elements);
        byte[][] all = h.isPacked() ? h.pairs() : null;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (long i = 0; i < n; i++) {
            byte[] field;
            byte[] value;
            if (all != null) {
                int k = rnd.nextInt(all.length / 2) * 2;
                field = all[k];
                value = all[k + 1];
            } else {
                byte[][] pair = h.randomPair();
                field = pair[0];
                value = pair[1];
            }
            writePair(r, field, value, withValues);
        }
    }

    private static void replyPairs(ReplyWriter r, byte[][] pairs, boolean withValues) {
        int n = pairs.length / 2;
        r.array(withValues && !r.resp3() ? n * 2 : n);
        for (int i = 0; i < pairs.length; i += 2) {
            writePair(r, pairs[i], pairs[i + 1], withValues);
        }
    }

    private static void writePair(ReplyWriter r, byte[] field, byte[] value, boolean withValues) {
        if (withValues && r.resp3()) {
            r.array(2);
        }
        r.bulk(field);
        if (withValues) {
            r.bulk(value);
        }
    }

    // HSCAN key cursor [MATCH pattern] [COUNT count]
    static void hscan(CommandContext ctx) {
        ScanOptions options = ScanOptions.forKey(ctx.client(), ctx.argv(), HashValue.class);
        if (options == null) {
            return;
        }
        long cursor = options.cursor;
        long count = options.count;
        HashValue h = CommandContext.checked(options.entry.value(), HashValue.class);
        List<byte[]> out = new ArrayList<>();
        HashValue.PairVisitor collect = (f, fo, fl, v, vo, vl) -> {
            if (options.matches(f, fo, fl)) {
                out.add(Arrays.copyOfRange(f, fo, fo + fl));
                out.add(Arrays.copyOfRange(v, vo, vo + vl));
            }
        };
        if (h.isPacked()) {
            cursor = h.scan(0, collect);
        } else {
            long wanted = count > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : count * 2;
            long maxIterations = wanted > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : wanted * 10;
            int[] visited = {0};
            HashValue.PairVisitor counting = (f, fo, fl, v, vo, vl) -> {
                visited[0] += 2;
                collect.visit(f, fo, fl, v, vo, vl);
            };
            do {
                cursor = h.scan(cursor, counting);
            } while (cursor != 0 && maxIterations-- > 0 && visited[0] < wanted);
        }
        ScanOptions.reply(ctx.client(), cursor, out);
    }
}
