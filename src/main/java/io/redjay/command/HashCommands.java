package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;
import io.redjay.client.Client;
import io.redjay.config.Config;
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
 * <p><b>Encodings.</b> The handlers only pass the configured thresholds to {@link HashValue}, which decides when the
 * compact form turns into a table. Replies are written straight from the packed array where possible, without
 * copying each field.
 */
public final class HashCommands {
    private HashCommands() {
    }

    private static final String NOT_INTEGER = "ERR hash value is not an integer";
    private static final String NOT_FLOAT = "ERR hash value is not a float";
    private static final String OUT_OF_RANGE = "ERR value is out of range";
    private static final String COUNT_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    static void register(CommandTable t) {
        t.command("hset", -4).flags("write denyoom fast").keys(1, 1, 1).acl("@write @hash @fast")
                .doc("hash", "2.0.0", "Set the string value of a hash field", "HSET key field value [field value ...]",
                        "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is"
                                + " called with multiple field/value pairs.")
                .handler(HashCommands::hset);
        t.command("hmset", -4).flags("write denyoom fast").keys(1, 1, 1).acl("@write @hash @fast")
                .doc("hash", "2.0.0", "Set multiple hash fields to multiple values",
                        "HMSET key field value [field value ...]", "O(N) where N is the number of fields being set.")
                .handler(HashCommands::hmset);
        t.command("hsetnx", 4).flags("write denyoom fast").keys(1, 1, 1).acl("@write @hash @fast")
                .doc("hash", "2.0.0", "Set the value of a hash field, only if the field does not exist",
                        "HSETNX key field value", "O(1)")
                .handler(HashCommands::hsetnx);
        t.command("hget", 3).flags("readonly fast").keys(1, 1, 1).acl("@read @hash @fast")
                .doc("hash", "2.0.0", "Get the value of a hash field", "HGET key field", "O(1)")
                .handler(HashCommands::hget);
        t.command("hmget", -3).flags("readonly fast").keys(1, 1, 1).acl("@read @hash @fast")
                .doc("hash", "2.0.0", "Get the values of all the given hash fields", "HMGET key field [field ...]",
                        "O(N) where N is the number of fields being requested.")
                .handler(HashCommands::hmget);
        t.command("hdel", -3).flags("write fast").keys(1, 1, 1).acl("@write @hash @fast")
                .doc("hash", "2.0.0", "Delete one or more hash fields", "HDEL key field [field ...]",
                        "O(N) where N is the number of fields to be removed.")
                .handler(HashCommands::hdel);
        t.command("hlen", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @hash @fast")
                .doc("hash", "2.0.0", "Get the number of fields in a hash", "HLEN key", "O(1)")
                .handler(HashCommands::hlen);
        t.command("hstrlen", 3).flags("readonly fast").keys(1, 1, 1).acl("@read @hash @fast")
                .doc("hash", "3.2.0", "Get the length of the value of a hash field", "HSTRLEN key field", "O(1)")
                .handler(HashCommands::hstrlen);
        t.command("hexists", 3).flags("readonly fast").keys(1, 1, 1).acl("@read @hash @fast")
                .doc("hash", "2.0.0", "Determine if a hash field exists", "HEXISTS key field", "O(1)")
                .handler(HashCommands::hexists);
        t.command("hkeys", 2).flags("readonly").keys(1, 1, 1).acl("@read @hash @slow")
                .doc("hash", "2.0.0", "Get all the fields in a hash", "HKEYS key",
                        "O(N) where N is the size of the hash.")
                .handler(HashCommands::hkeys);
        t.command("hvals", 2).flags("readonly").keys(1, 1, 1).acl("@read @hash @slow")
                .doc("hash", "2.0.0", "Get all the values in a hash", "HVALS key",
                        "O(N) where N is the size of the hash.")
                .handler(HashCommands::hvals);
        t.command("hgetall", 2).flags("readonly").keys(1, 1, 1).acl("@read @hash @slow")
                .doc("hash", "2.0.0", "Get all the fields and values in a hash", "HGETALL key",
                        "O(N) where N is the size of the hash.")
                .handler(HashCommands::hgetall);
        t.command("hincrby", 4).flags("write denyoom fast").keys(1, 1, 1).acl("@write @hash @fast")
                .doc("hash", "2.0.0", "Increment the integer value of a hash field by the given number",
                        "HINCRBY key field increment", "O(1)")
                .handler(HashCommands::hincrby);
        t.command("hincrbyfloat", 4).flags("write denyoom fast").keys(1, 1, 1).acl("@write @hash @fast")
                .doc("hash", "2.6.0", "Increment the float value of a hash field by the given amount",
                        "HINCRBYFLOAT key field increment", "O(1)")
                .handler(HashCommands::hincrbyfloat);
        t.command("hrandfield", -2).flags("readonly").keys(1, 1, 1).acl("@read @hash @slow")
                .doc("hash", "6.2.0", "Get one or multiple random fields from a hash",
                        "HRANDFIELD key [count [WITHVALUES]]", "O(N) where N is the number of fields returned")
                .handler(HashCommands::hrandfield);
        t.command("hscan", -3).flags("readonly").keys(1, 1, 1).acl("@read @hash @slow")
                .doc("hash", "2.8.0", "Incrementally iterate hash fields and associated values",
                        "HSCAN key cursor [MATCH pattern] [COUNT count]",
                        "O(1) for every call. O(N) for a complete iteration, including enough command calls for the"
                                + " cursor to return back to 0. N is the number of elements inside the collection..")
                .handler(HashCommands::hscan);
    }

    /** True (after replying WRONGTYPE) when the key exists and holds another type. */
    private static boolean wrongType(Client c, KeyEntry e) {
        if (e != null && !(e.value() instanceof HashValue)) {
            c.reply().error(Errors.WRONGTYPE);
            return true;
        }
        return false;
    }

    /** The hash to write into, created (and stored) if the key is missing; null after replying WRONGTYPE. */
    private static HashValue forWrite(Client c, byte[] key) {
        Database db = c.db();
        KeyEntry e = db.lookupWrite(key);
        if (wrongType(c, e)) {
            return null;
        }
        if (e != null) {
            return (HashValue) e.value();
        }
        HashValue h = new HashValue();
        db.add(key, h);
        return h;
    }

    /**
     * Checks a 64-bit integer argument ({@code Long.MIN_VALUE} included, which {@link Args#longOrError} cannot
     * return), replying the error when invalid; the value is then {@link Numbers#parseLong}.
     */
    private static boolean validLong(Client c, byte[] arg) {
        if (Numbers.isValidLong(arg)) {
            return true;
        }
        c.reply().error(Errors.NOT_INTEGER);
        return false;
    }

    // HSET key field value [field value ...]
    static void hset(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        setPairs(c, argv, "ERR wrong number of arguments for 'hset' command", true);
    }

    // HMSET key field value [field value ...]
    static void hmset(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        setPairs(c, argv, "ERR wrong number of arguments for 'hmset' command", false);
    }

    private static void setPairs(Client c, byte[][] argv, String arityError, boolean replyCount) {
        if (argv.length % 2 == 1) {
            c.reply().error(arityError);
            return;
        }
        HashValue h = forWrite(c, argv[1]);
        if (h == null) {
            return;
        }
        Config cfg = c.server().config();
        h.convertIfAnyLonger(argv, 2, argv.length - 1, cfg.hashMaxListpackValue);
        long created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.set(argv[i], argv[i + 1], cfg.hashMaxListpackEntries, cfg.hashMaxListpackValue)) {
                created++;
            }
        }
        c.db().modified(argv[1], Events.HASH, "hset");
        if (replyCount) {
            c.reply().integer(created);
        } else {
            c.reply().ok();
        }
    }

    // HSETNX key field value
    static void hsetnx(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        HashValue h = forWrite(c, argv[1]);
        if (h == null) {
            return;
        }
        if (h.exists(argv[2])) {
            c.reply().integer(0);
            return;
        }
        Config cfg = c.server().config();
        h.set(argv[2], argv[3], cfg.hashMaxListpackEntries, cfg.hashMaxListpackValue);
        c.db().modified(argv[1], Events.HASH, "hset");
        c.reply().integer(1);
    }

    // HGET key field
    static void hget(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        c.reply().bulkOrNull(((HashValue) e.value()).get(argv[2]));
    }

    // HMGET key field [field ...]
    static void hmget(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (wrongType(c, e)) {
            return;
        }
        HashValue h = e == null ? null : (HashValue) e.value();
        c.reply().array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            c.reply().bulkOrNull(h == null ? null : h.get(argv[i]));
        }
    }

    // HDEL key field [field ...]
    static void hdel(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        HashValue h = (HashValue) e.value();
        long deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (h.delete(argv[i])) {
                deleted++;
                if (h.isEmpty()) {
                    db.remove(argv[1]);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            db.modified(argv[1], Events.HASH, "hdel");
            if (keyRemoved) {
                db.modified(argv[1], Events.GENERIC, "del");
            }
        }
        c.reply().integer(deleted);
    }

    // HLEN key
    static void hlen(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        c.reply().integer(((HashValue) e.value()).size());
    }

    // HSTRLEN key field
    static void hstrlen(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        c.reply().integer(((HashValue) e.value()).valueLength(argv[2]));
    }

    // HEXISTS key field
    static void hexists(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        c.reply().integer(((HashValue) e.value()).exists(argv[2]) ? 1 : 0);
    }

    // HKEYS key
    static void hkeys(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        getAll(c, argv, true, false);
    }

    // HVALS key
    static void hvals(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        getAll(c, argv, false, true);
    }

    // HGETALL key
    static void hgetall(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        getAll(c, argv, true, true);
    }

    private static void getAll(Client c, byte[][] argv, boolean fields, boolean values) {
        KeyEntry e = c.db().lookup(argv[1]);
        ReplyWriter r = c.reply();
        boolean both = fields && values;
        if (e == null) {
            if (both) {
                r.map(0);
            } else {
                r.emptyArray();
            }
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        HashValue h = (HashValue) e.value();
        if (both) {
            r.map((int) h.size());
        } else {
            r.array((int) h.size());
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
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!validLong(c, argv[3])) {
            return;
        }
        long incr = Numbers.parseLong(argv[3]);
        HashValue h = forWrite(c, argv[1]);
        if (h == null) {
            return;
        }
        byte[] old = h.get(argv[2]);
        long value = 0;
        if (old != null) {
            if (!Numbers.isValidLong(old)) {
                c.reply().error(NOT_INTEGER);
                return;
            }
            value = Numbers.parseLong(old);
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.reply().error(Errors.OVERFLOW);
            return;
        }
        value += incr;
        Config cfg = c.server().config();
        h.set(argv[2], Numbers.longToBytes(value), cfg.hashMaxListpackEntries, cfg.hashMaxListpackValue);
        c.db().modified(argv[1], Events.HASH, "hincrby");
        c.reply().integer(value);
    }

    // HINCRBYFLOAT key field increment
    static void hincrbyfloat(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        LongDouble incr = LongDouble.parse(argv[3]);
        if (incr == null) {
            c.reply().error(Errors.NOT_FLOAT);
            return;
        }
        if (!incr.isFinite()) {
            c.reply().error("ERR value is NaN or Infinity");
            return;
        }
        HashValue h = forWrite(c, argv[1]);
        if (h == null) {
            return;
        }
        byte[] old = h.get(argv[2]);
        LongDouble value = LongDouble.ZERO;
        if (old != null) {
            value = LongDouble.parse(old);
            if (value == null) {
                c.reply().error(NOT_FLOAT);
                return;
            }
        }
        LongDouble sum = value.plus(incr);
        if (!sum.isFinite()) {
            c.reply().error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] bytes = sum.toHumanBytes();
        Config cfg = c.server().config();
        h.set(argv[2], bytes, cfg.hashMaxListpackEntries, cfg.hashMaxListpackValue);
        c.db().modified(argv[1], Events.HASH, "hincrbyfloat");
        c.reply().bulk(bytes);
    }

    // HRANDFIELD key [count [WITHVALUES]]
    static void hrandfield(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length == 2) {
            KeyEntry e = c.db().lookup(argv[1]);
            if (e == null) {
                c.reply().nullBulk();
                return;
            }
            if (wrongType(c, e)) {
                return;
            }
            c.reply().bulk(((HashValue) e.value()).randomPair()[0]);
            return;
        }
        if (!validLong(c, argv[2])) {
            return;
        }
        long count = Numbers.parseLong(argv[2]);
        if (count == Long.MIN_VALUE) {
            c.reply().error(COUNT_RANGE);
            return;
        }
        if (argv.length > 4 || (argv.length == 4 && !Text.is(argv[3], "withvalues"))) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        boolean withValues = argv.length == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            c.reply().error(OUT_OF_RANGE);
            return;
        }
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().emptyArray();
            return;
        }
        if (wrongType(c, e)) {
            return;
        }
        HashValue h = (HashValue) e.value();
        if (count == 0) {
            c.reply().emptyArray();
        } else if (count < 0 || count == 1) {
            randomWithRepeats(c, h, count < 0 ? -count : 1, withValues);
        } else if (count >= h.size()) {
            replyPairs(c, h.pairs(), withValues);
        } else {
            replyPairs(c, HashRandom.distinct(h, (int) count), withValues);
        }
    }

    /**
     * HRANDFIELD with a negative count: {@code n} independent draws. A reply beyond what an array header can count
     * is refused with Redis's range error rather than attempted, since it could never be delivered.
     */
    private static void randomWithRepeats(Client c, HashValue h, long n, boolean withValues) {
        ReplyWriter r = c.reply();
        long elements = withValues && !r.resp3() ? n * 2 : n;
        if (elements > Integer.MAX_VALUE) {
            r.error(OUT_OF_RANGE);
            return;
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

    private static void replyPairs(Client c, byte[][] pairs, boolean withValues) {
        ReplyWriter r = c.reply();
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
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ScanOptions options = ScanOptions.forKey(c, argv, HashValue.class);
        if (options == null) {
            return;
        }
        long cursor = options.cursor;
        long count = options.count;
        HashValue h = (HashValue) options.entry.value();
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
        ScanOptions.reply(c, cursor, out);
    }
}
