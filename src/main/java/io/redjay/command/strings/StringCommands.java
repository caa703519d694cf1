package io.redjay.command.strings;

import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Errors;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.LongDouble;
import io.redjay.types.Numbers;
import io.redjay.types.StrLcs;

import java.util.Arrays;
import java.util.List;

/**
 * String commands: the SET and GET families, counters, ranges and LCS.
 *
 * <p><b>Values.</b> A string is a {@code byte[]} stored as is, often the very argument array the client sent. Stored
 * arrays are treated as immutable: APPEND, SETRANGE and the counters build a new array and install it with
 * {@link Database#replaceValue} or {@link Database#replaceRawString} (keeping the TTL, as Redis's in-place changes
 * do), so an array may be shared freely between keys, argument vectors and the slow log.
 *
 * <p><b>Hot path.</b> GET, SET, MGET, MSET and INCR allocate nothing but the data they store: options are matched
 * with {@link Text#is}, numbers parsed from the argument bytes, and the option parser packs its result (flags plus
 * the position of the expire argument) into one {@code int}. A rewritten propagation form is built only when
 * something (AOF, replica) would receive it.
 *
 * <p><b>Order of checks.</b> Each handler validates in the order Redis does (syntax, then expire value, then type,
 * ...), since the first failing check decides the error a client sees; every check raises a {@link CommandError}
 * before the first change and the first reply byte.
 *
 * <p><b>Propagation</b>, as Redis 7.0: a SET family command with an expire (EX, PX, EXAT, PXAT, SETEX, PSETEX) goes
 * out as {@code SET key value PXAT <ms>}, dropping NX, XX and GET; a SET with GET and no expire goes out without its
 * GET arguments; GETSET becomes {@code SET key value}; INCRBYFLOAT becomes {@code SET key <result> KEEPTTL}; GETEX
 * becomes {@code PEXPIREAT}, {@code PERSIST}, or {@code DEL}/{@code UNLINK} (lazyfree-lazy-expire) for a time already
 * past; GETDEL becomes {@code DEL}/{@code UNLINK} (lazyfree-lazy-user-del). The others go out verbatim when they
 * changed the dataset.
 */
public final class StringCommands {
    private StringCommands() {
    }

    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int EX = 1 << 2;
    private static final int PX = 1 << 3;
    private static final int KEEPTTL = 1 << 4;
    private static final int GET = 1 << 5;
    private static final int EXAT = 1 << 6;
    private static final int PXAT = 1 << 7;
    private static final int PERSIST = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;
    private static final int FLAG_BITS = 16;
    private static final int FLAG_MASK = (1 << FLAG_BITS) - 1;

    /** Java arrays stop short of 2^31 bytes, whatever proto-max-bulk-len allows. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private static final CommandError EXPIRE_SET = CommandError.of("ERR invalid expire time in 'set' command");
    private static final CommandError EXPIRE_SETEX = CommandError.of("ERR invalid expire time in 'setex' command");
    private static final CommandError EXPIRE_PSETEX = CommandError.of("ERR invalid expire time in 'psetex' command");
    private static final CommandError EXPIRE_GETEX = CommandError.of("ERR invalid expire time in 'getex' command");
    private static final CommandError TOO_BIG =
            CommandError.of("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    private static final CommandError MSET_ARITY = CommandError.of("ERR wrong number of arguments for 'mset' command");
    private static final CommandError MSETNX_ARITY =
            CommandError.of("ERR wrong number of arguments for 'msetnx' command");
    private static final CommandError OFFSET_RANGE = CommandError.of("ERR offset is out of range");
    private static final CommandError DECR_OVERFLOW = CommandError.of("ERR decrement would overflow");
    private static final CommandError OVERFLOW = CommandError.of(Errors.OVERFLOW);
    private static final CommandError NAN_OR_INFINITY = CommandError.of("ERR increment would produce NaN or Infinity");
    private static final CommandError LCS_TYPE = CommandError.of("ERR The specified keys must contain string values");
    private static final CommandError LCS_LEN_AND_IDX =
            CommandError.of("ERR If you want both the length and indexes, please just use IDX.");
    private static final CommandError LCS_TOO_BIG =
            CommandError.of("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    private static final CommandError LCS_NO_MEMORY =
            CommandError.of("ERR Insufficient memory, failed allocating transient memory for LCS");

    private static final byte[] SET_CMD = Text.bytes("SET");
    private static final byte[] PXAT_ARG = Text.bytes("PXAT");
    private static final byte[] KEEPTTL_ARG = Text.bytes("KEEPTTL");
    private static final byte[] PEXPIREAT_CMD = Text.bytes("PEXPIREAT");
    private static final byte[] PERSIST_CMD = Text.bytes("PERSIST");
    private static final byte[] DEL_CMD = Text.bytes("DEL");
    private static final byte[] UNLINK_CMD = Text.bytes("UNLINK");
    private static final byte[] MATCHES = Text.bytes("matches");
    private static final byte[] LEN = Text.bytes("len");

    /** Whether a propagated form would reach anyone: rewritten forms are built only then. */

    // GET key
    static void get(CommandContext ctx) {
        getGeneric(ctx, ctx.arg(1));
    }

    /** Replies the string at {@code key}, nil when missing (WRONGTYPE raised before any reply byte). */
    private static void getGeneric(CommandContext ctx, byte[] key) {
        byte[] v = ctx.readString(key);
        if (v == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(v);
        }
    }

    /**
     * Parses the options of SET (from argv[3]) or GETEX (from argv[2]) with Redis's compatibility rules: NX/XX
     * exclude each other, at most one expire form, KEEPTTL and PERSIST exclude the expire forms, and an expire
     * keyword needs a following argument. Returns the flags in the low 16 bits and the index of the expire value
     * above them; raises a syntax error.
     */
    private static int parseOptions(byte[][] argv, boolean set) {
        int flags = 0;
        int expireIndex = 0;
        for (int j = set ? 3 : 2; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean next = j < argv.length - 1;
            if (set && Text.is(opt, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (set && Text.is(opt, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (set && Text.is(opt, "get")) {
                flags |= GET;
            } else if (set && Text.is(opt, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!set && Text.is(opt, "persist") && (flags & (ANY_EXPIRE | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (next && Text.is(opt, "ex") && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0) {
                flags |= EX;
                expireIndex = ++j;
            } else if (next && Text.is(opt, "px") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0) {
                flags |= PX;
                expireIndex = ++j;
            } else if (next && Text.is(opt, "exat") && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0) {
                flags |= EXAT;
                expireIndex = ++j;
            } else if (next && Text.is(opt, "pxat") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0) {
                flags |= PXAT;
                expireIndex = ++j;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        return flags | expireIndex << FLAG_BITS;
    }

    /**
     * The absolute expiry in unix ms for an EX/PX/EXAT/PXAT argument. Raises NOT_INTEGER, or {@code error} when not
     * positive or overflowing when scaled to milliseconds or made absolute.
     */
    private static long expireAt(CommandContext ctx, byte[] arg, int flags, CommandError error) {
        if (!Args.isLong(arg)) {
            throw CommandError.NOT_INTEGER;
        }
        long when = Numbers.parseLong(arg);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (when <= 0 || seconds && when > Long.MAX_VALUE / 1000) {
            throw error;
        }
        if (seconds) {
            when *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            when += ctx.now();
        }
        if (when <= 0) {
            throw error;
        }
        return when;
    }

    // SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
    //     PXAT unix-time-milliseconds | KEEPTTL]
    static void set(CommandContext ctx) {
        int parsed = parseOptions(ctx.argv(), true);
        int expireIndex = parsed >>> FLAG_BITS;
        setGeneric(ctx, parsed & FLAG_MASK, ctx.arg(1), ctx.arg(2), expireIndex == 0 ? null : ctx.arg(expireIndex),
                EXPIRE_SET, false);
    }

    /**
     * The shared body of SET, SETNX, SETEX and PSETEX. {@code counting} replies :1/:0 (SETNX) instead of +OK/nil.
     * With an expire the command propagates as {@code SET key value PXAT <ms>}; a SET with GET and no expire
     * propagates without its GET arguments.
     */
    private static void setGeneric(CommandContext ctx, int flags, byte[] key, byte[] value, byte[] expire,
                                   CommandError expireError, boolean counting) {
        long when = expire == null ? 0 : expireAt(ctx, expire, flags, expireError);
        if ((flags & GET) != 0) {
            getGeneric(ctx, key);
        }
        Database db = ctx.db();
        ReplyWriter reply = ctx.reply();
        if ((flags & (NX | XX)) != 0) {
            boolean found = db.lookupWrite(key) != null;
            if ((flags & NX) != 0 && found || (flags & XX) != 0 && !found) {
                if ((flags & GET) == 0) {
                    if (counting) {
                        reply.integer(0);
                    } else {
                        reply.nullBulk();
                    }
                }
                return;
            }
        }
        KeyEntry e = db.put(key, value, (flags & KEEPTTL) != 0);
        db.modified(key, Events.STRING, "set");
        if (expire != null) {
            db.setExpire(e, when);
            if (ctx.propagating()) {
                ctx.propagateAs(SET_CMD, key, value, PXAT_ARG, Numbers.longToBytes(when));
            }
            db.event(key, Events.GENERIC, "expire");
        } else if ((flags & GET) != 0 && ctx.propagating()) {
            ctx.propagateAs(withoutGet(ctx.argv()));
        }
        if ((flags & GET) == 0) {
            if (counting) {
                reply.integer(1);
            } else {
                reply.ok();
            }
        }
    }

    /** SET's arguments without the GET options (which may be repeated), as Redis propagates SET ... GET. */
    private static byte[][] withoutGet(byte[][] argv) {
        int n = 3;
        for (int j = 3; j < argv.length; j++) {
            if (!Text.is(argv[j], "get")) {
                n++;
            }
        }
        byte[][] out = Arrays.copyOf(argv, n);
        int k = 3;
        for (int j = 3; j < argv.length; j++) {
            if (!Text.is(argv[j], "get")) {
                out[k++] = argv[j];
            }
        }
        return out;
    }

    // SETNX key value
    static void setnx(CommandContext ctx) {
        setGeneric(ctx, NX, ctx.arg(1), ctx.arg(2), null, null, true);
    }

    // SETEX key seconds value
    static void setex(CommandContext ctx) {
        setGeneric(ctx, EX, ctx.arg(1), ctx.arg(3), ctx.arg(2), EXPIRE_SETEX, false);
    }

    // PSETEX key milliseconds value
    static void psetex(CommandContext ctx) {
        setGeneric(ctx, PX, ctx.arg(1), ctx.arg(3), ctx.arg(2), EXPIRE_PSETEX, false);
    }

    // GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
    static void getex(CommandContext ctx) {
        int parsed = parseOptions(ctx.argv(), false);
        int flags = parsed & FLAG_MASK;
        int expireIndex = parsed >>> FLAG_BITS;
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        KeyEntry e = db.lookup(key);
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        byte[] v = CommandContext.checked(e.value(), byte[].class);
        long when = expireIndex == 0 ? 0 : expireAt(ctx, ctx.arg(expireIndex), flags, EXPIRE_GETEX);
        ctx.reply().bulk(v);
        if ((flags & (EXAT | PXAT)) != 0 && ctx.alreadyExpired(when)) {
            db.remove(key);
            db.modified(key, Events.GENERIC, "del");
            if (ctx.propagating()) {
                ctx.propagateAs(ctx.config().lazyfreeLazyExpire ? UNLINK_CMD : DEL_CMD, key);
            }
        } else if (expireIndex != 0) {
            db.setExpire(e, when);
            db.modified(key, Events.GENERIC, "expire");
            if (ctx.propagating()) {
                ctx.propagateAs(PEXPIREAT_CMD, key, Numbers.longToBytes(when));
            }
        } else if ((flags & PERSIST) != 0 && db.persist(e)) {
            db.modified(key, Events.GENERIC, "persist");
            if (ctx.propagating()) {
                ctx.propagateAs(PERSIST_CMD, key);
            }
        }
    }

    // GETDEL key
    static void getdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        getGeneric(ctx, key);
        Database db = ctx.db();
        if (db.remove(key) != null) {
            db.modified(key, Events.GENERIC, "del");
            if (ctx.propagating()) {
                ctx.propagateAs(ctx.config().lazyfreeLazyUserDel ? UNLINK_CMD : DEL_CMD, key);
            }
        }
    }

    // GETSET key value
    static void getset(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        getGeneric(ctx, key);
        Database db = ctx.db();
        db.put(key, ctx.arg(2));
        db.modified(key, Events.STRING, "set");
        if (ctx.propagating()) {
            ctx.propagateAs(SET_CMD, key, ctx.arg(2));
        }
    }

    // MGET key [key ...]
    static void mget(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        int n = ctx.argc();
        reply.array(n - 1);
        for (int j = 1; j < n; j++) {
            byte[] v = ctx.readIfType(ctx.arg(j), byte[].class);
            if (v == null) {
                reply.nullBulk();
            } else {
                reply.bulk(v);
            }
        }
    }

    // MSET key value [key value ...]
    static void mset(CommandContext ctx) {
        if (ctx.argc() % 2 == 0) {
            throw MSET_ARITY;
        }
        setPairs(ctx);
        ctx.reply().ok();
    }

    // MSETNX key value [key value ...]
    static void msetnx(CommandContext ctx) {
        if (ctx.argc() % 2 == 0) {
            throw MSETNX_ARITY;
        }
        Database db = ctx.db();
        for (int j = 1; j < ctx.argc(); j += 2) {
            if (db.lookupWrite(ctx.arg(j)) != null) {
                ctx.reply().integer(0);
                return;
            }
        }
        setPairs(ctx);
        ctx.reply().integer(1);
    }

    /** Stores each key/value pair of MSET and MSETNX: one write per key, as Redis counts them. */
    private static void setPairs(CommandContext ctx) {
        Database db = ctx.db();
        byte[][] argv = ctx.argv();
        for (int j = 1; j < argv.length; j += 2) {
            db.put(argv[j], argv[j + 1]);
            db.modified(argv[j], Events.STRING, "set");
        }
    }

    /** The string of an entry for a write command (WRONGTYPE raised); a missing key reads as empty. */
    private static byte[] stringForWrite(KeyEntry e) {
        return e == null ? EMPTY : CommandContext.checked(e.value(), byte[].class);
    }

    /** Redis's {@code checkStringLength}: raises when size + append would exceed the limit. */
    private static void checkLength(CommandContext ctx, long size, long append) {
        long total = size + append;
        if (total > ctx.config().protoMaxBulkLen || total > MAX_ARRAY || total < size) {
            throw TOO_BIG;
        }
    }

    // APPEND key value
    static void append(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        byte[] tail = ctx.arg(2);
        KeyEntry e = ctx.writeEntry(key);
        int total;
        if (e == null) {
            db.add(key, tail);
            total = tail.length;
        } else {
            byte[] old = CommandContext.checked(e.value(), byte[].class);
            checkLength(ctx, old.length, tail.length);
            byte[] v = new byte[old.length + tail.length];
            System.arraycopy(old, 0, v, 0, old.length);
            System.arraycopy(tail, 0, v, old.length, tail.length);
            db.replaceRawString(e, v);
            total = v.length;
        }
        db.modified(key, Events.STRING, "append");
        ctx.reply().integer(total);
    }

    // STRLEN key
    static void strlen(CommandContext ctx) {
        byte[] v = ctx.readString(ctx.arg(1));
        ctx.reply().integer(v == null ? 0 : v.length);
    }

    // GETRANGE key start end  (also SUBSTR key start end)
    static void getrange(CommandContext ctx) {
        if (!Args.isLong(ctx.arg(2)) || !Args.isLong(ctx.arg(3))) {
            throw CommandError.NOT_INTEGER;
        }
        long start = Numbers.parseLong(ctx.arg(2));
        long end = Numbers.parseLong(ctx.arg(3));
        byte[] v = ctx.readString(ctx.arg(1));
        if (v == null) {
            ctx.reply().bulk(EMPTY);
            return;
        }
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = Math.max(len + start, 0);
        }
        if (end < 0) {
            end = Math.max(len + end, 0);
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            ctx.reply().bulk(EMPTY);
        } else {
            ctx.reply().bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    // SETRANGE key offset value
    static void setrange(CommandContext ctx) {
        if (!Args.isLong(ctx.arg(2))) {
            throw CommandError.NOT_INTEGER;
        }
        long offset = Numbers.parseLong(ctx.arg(2));
        if (offset < 0) {
            throw OFFSET_RANGE;
        }
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        byte[] value = ctx.arg(3);
        KeyEntry e = ctx.writeEntry(key);
        byte[] old = stringForWrite(e);
        if (value.length == 0) {
            ctx.reply().integer(old.length);
            return;
        }
        checkLength(ctx, offset, value.length);
        int end = (int) offset + value.length;
        byte[] v = Arrays.copyOf(old, Math.max(old.length, end));
        System.arraycopy(value, 0, v, (int) offset, value.length);
        db.replaceRawString(e == null ? db.add(key, v) : e, v);
        db.modified(key, Events.STRING, "setrange");
        ctx.reply().integer(v.length);
    }

    // INCR key
    static void incr(CommandContext ctx) {
        incrBy(ctx, 1);
    }

    // DECR key
    static void decr(CommandContext ctx) {
        incrBy(ctx, -1);
    }

    // INCRBY key increment
    static void incrby(CommandContext ctx) {
        if (!Args.isLong(ctx.arg(2))) {
            throw CommandError.NOT_INTEGER;
        }
        incrBy(ctx, Numbers.parseLong(ctx.arg(2)));
    }

    // DECRBY key decrement
    static void decrby(CommandContext ctx) {
        if (!Args.isLong(ctx.arg(2))) {
            throw CommandError.NOT_INTEGER;
        }
        long decrement = Numbers.parseLong(ctx.arg(2));
        if (decrement == Long.MIN_VALUE) {
            throw DECR_OVERFLOW;
        }
        incrBy(ctx, -decrement);
    }

    /** The body of INCR, DECR, INCRBY and DECRBY on the key argv[1]. */
    private static void incrBy(CommandContext ctx, long incr) {
        byte[] key = ctx.arg(1);
        KeyEntry e = ctx.writeEntry(key);
        long value = 0;
        if (e != null) {
            byte[] v = CommandContext.checked(e.value(), byte[].class);
            value = Numbers.parseLong(v);
            if (value == Numbers.NOT_A_NUMBER && !Numbers.isValidLong(v)) {
                throw CommandError.NOT_INTEGER;
            }
        }
        if (incr < 0 && value < 0 && incr < Long.MIN_VALUE - value
                || incr > 0 && value > 0 && incr > Long.MAX_VALUE - value) {
            throw OVERFLOW;
        }
        value += incr;
        byte[] bytes = Numbers.longToBytes(value);
        Database db = ctx.db();
        if (e == null) {
            db.add(key, bytes);
        } else {
            db.replaceValue(e, bytes);
        }
        db.modified(key, Events.STRING, "incrby");
        ctx.reply().integer(value);
    }

    // INCRBYFLOAT key increment
    static void incrbyfloat(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        KeyEntry e = ctx.writeEntry(key);
        byte[] old = stringForWrite(e);
        LongDouble value = e == null ? LongDouble.ZERO : LongDouble.parse(old);
        LongDouble incr = value == null ? null : LongDouble.parse(ctx.arg(2));
        if (incr == null) {
            throw CommandError.NOT_FLOAT;
        }
        LongDouble sum = value.plus(incr);
        if (!sum.isFinite()) {
            throw NAN_OR_INFINITY;
        }
        byte[] bytes = sum.toHumanBytes();
        Database db = ctx.db();
        if (e == null) {
            db.add(key, bytes);
        } else {
            db.replaceValue(e, bytes);
        }
        db.modified(key, Events.STRING, "incrbyfloat");
        if (ctx.propagating()) {
            ctx.propagateAs(SET_CMD, key, bytes, KEEPTTL_ARG);
        }
        ctx.reply().bulk(bytes);
    }

    /**
     * A key's string for LCS: missing reads as empty, and another type raises LCS's own error instead of WRONGTYPE
     * (so this is the one lookup that tests the stored type itself).
     */
    private static byte[] lcsString(KeyEntry e) {
        if (e == null) {
            return EMPTY;
        }
        if (e.value() instanceof byte[] s) {
            return s;
        }
        throw LCS_TYPE;
    }

    // LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
    static void lcs(CommandContext ctx) {
        Database db = ctx.db();
        KeyEntry ea = db.lookup(ctx.arg(1));
        KeyEntry eb = db.lookup(ctx.arg(2));
        byte[] a = lcsString(ea);
        byte[] b = lcsString(eb);
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < ctx.argc(); j++) {
            byte[] opt = ctx.arg(j);
            boolean more = j < ctx.argc() - 1;
            if (Text.is(opt, "idx")) {
                getIdx = true;
            } else if (Text.is(opt, "len")) {
                getLen = true;
            } else if (Text.is(opt, "withmatchlen")) {
                withMatchLen = true;
            } else if (Text.is(opt, "minmatchlen") && more) {
                if (!Args.isLong(ctx.arg(j + 1))) {
                    throw CommandError.NOT_INTEGER;
                }
                minMatchLen = Math.max(Numbers.parseLong(ctx.arg(j + 1)), 0);
                j++;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (getLen && getIdx) {
            throw LCS_LEN_AND_IDX;
        }
        if (StrLcs.tableBytes(a.length, b.length) > ctx.config().protoMaxBulkLen) {
            throw LCS_TOO_BIG;
        }
        StrLcs lcs;
        try {
            lcs = new StrLcs(a, b);
        } catch (OutOfMemoryError oom) {
            throw LCS_NO_MEMORY;
        }
        ReplyWriter reply = ctx.reply();
        if (getIdx) {
            List<StrLcs.Match> matches = lcs.matches(minMatchLen);
            reply.map(2);
            reply.bulk(MATCHES);
            reply.array(matches.size());
            for (StrLcs.Match m : matches) {
                reply.array(withMatchLen ? 3 : 2);
                reply.array(2);
                reply.integer(m.aStart());
                reply.integer(m.aEnd());
                reply.array(2);
                reply.integer(m.bStart());
                reply.integer(m.bEnd());
                if (withMatchLen) {
                    reply.integer(m.length());
                }
            }
            reply.bulk(LEN);
            reply.integer(lcs.length());
        } else if (getLen) {
            reply.integer(lcs.length());
        } else {
            reply.bulk(lcs.subsequence());
        }
    }
}
