package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.client.Client;
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
 * {@link Database#replaceValue} (keeping the TTL, as Redis's in-place changes do), so an array may be shared freely
 * between keys, argument vectors and the slow log.
 *
 * <p><b>Hot path.</b> GET, SET, MGET, MSET and INCR allocate nothing but the data they store: options are matched
 * with {@link Text#is}, numbers parsed from the argument bytes, and the option parser packs its result (flags plus
 * the position of the expire argument) into one {@code int}.
 *
 * <p><b>Order of checks.</b> Each handler validates in the order Redis does (syntax, then expire value, then type,
 * ...), since the first failing check decides the error a client sees.
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

    private static final long INVALID = Long.MIN_VALUE;
    /** Java arrays stop short of 2^31 bytes, whatever proto-max-bulk-len allows. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private static final String EXPIRE_SET = "ERR invalid expire time in 'set' command";
    private static final String EXPIRE_SETEX = "ERR invalid expire time in 'setex' command";
    private static final String EXPIRE_PSETEX = "ERR invalid expire time in 'psetex' command";
    private static final String EXPIRE_GETEX = "ERR invalid expire time in 'getex' command";
    private static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    static void register(CommandTable t) {
        t.command("get", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @string @fast")
                .doc("string", "1.0.0", "Get the value of a key", "GET key", "O(1)")
                .handler(StringCommands::get);
        t.command("set", -3).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
                .doc("string", "1.0.0", "Set the string value of a key",
                        "SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |"
                                + " PXAT unix-time-milliseconds | KEEPTTL]", "O(1)")
                .handler(StringCommands::set);
        t.command("getex", -2).flags("write fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "6.2.0", "Get the value of a key and optionally set its expiration",
                        "GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |"
                                + " PXAT unix-time-milliseconds | PERSIST]", "O(1)")
                .handler(StringCommands::getex);
        t.command("getdel", 2).flags("write fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "6.2.0", "Get the value of a key and delete the key", "GETDEL key", "O(1)")
                .handler(StringCommands::getdel);
        t.command("getset", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "1.0.0", "Set the string value of a key and return its old value",
                        "GETSET key value", "O(1)")
                .handler(StringCommands::getset);
        t.command("mget", -2).flags("readonly fast").keys(1, -1, 1).acl("@read @string @fast")
                .doc("string", "1.0.0", "Get the values of all the given keys", "MGET key [key ...]",
                        "O(N) where N is the number of keys to retrieve.")
                .handler(StringCommands::mget);
        t.command("mset", -3).flags("write denyoom").keys(1, -1, 2).acl("@write @string @slow")
                .doc("string", "1.0.1", "Set multiple keys to multiple values", "MSET key value [key value ...]",
                        "O(N) where N is the number of keys to set.")
                .handler(StringCommands::mset);
        t.command("msetnx", -3).flags("write denyoom").keys(1, -1, 2).acl("@write @string @slow")
                .doc("string", "1.0.1", "Set multiple keys to multiple values, only if none of the keys exist",
                        "MSETNX key value [key value ...]", "O(N) where N is the number of keys to set.")
                .handler(StringCommands::msetnx);
        t.command("setnx", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "1.0.0", "Set the value of a key, only if the key does not exist",
                        "SETNX key value", "O(1)")
                .handler(StringCommands::setnx);
        t.command("setex", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
                .doc("string", "2.0.0", "Set the value and expiration of a key", "SETEX key seconds value", "O(1)")
                .handler(StringCommands::setex);
        t.command("psetex", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
                .doc("string", "2.6.0", "Set the value and expiration in milliseconds of a key",
                        "PSETEX key milliseconds value", "O(1)")
                .handler(StringCommands::psetex);
        t.command("append", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "2.0.0", "Append a value to a key", "APPEND key value",
                        "O(1). The amortized time complexity is O(1) assuming the appended value is small and the"
                                + " already present value is of any size, since the dynamic string library used by"
                                + " Redis will double the free space available on every reallocation.")
                .handler(StringCommands::append);
        t.command("strlen", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @string @fast")
                .doc("string", "2.2.0", "Get the length of the value stored in a key", "STRLEN key", "O(1)")
                .handler(StringCommands::strlen);
        String rangeComplexity = "O(N) where N is the length of the returned string. The complexity is ultimately"
                + " determined by the returned length, but because creating a substring from an existing string is"
                + " very cheap, it can be considered O(1) for small strings.";
        t.command("getrange", 4).flags("readonly").keys(1, 1, 1).acl("@read @string @slow")
                .doc("string", "2.4.0", "Get a substring of the string stored at a key", "GETRANGE key start end",
                        rangeComplexity)
                .handler(StringCommands::getrange);
        t.command("substr", 4).flags("readonly").keys(1, 1, 1).acl("@read @string @slow")
                .doc("string", "1.0.0", "Get a substring of the string stored at a key", "SUBSTR key start end",
                        rangeComplexity)
                .handler(StringCommands::getrange);
        t.command("setrange", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
                .doc("string", "2.2.0", "Overwrite part of a string at key starting at the specified offset",
                        "SETRANGE key offset value",
                        "O(1), not counting the time taken to copy the new string in place. Usually, this string is"
                                + " very small so the amortized complexity is O(1). Otherwise, complexity is O(M)"
                                + " with M being the length of the value argument.")
                .handler(StringCommands::setrange);
        t.command("incr", 2).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "1.0.0", "Increment the integer value of a key by one", "INCR key", "O(1)")
                .handler(StringCommands::incr);
        t.command("decr", 2).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "1.0.0", "Decrement the integer value of a key by one", "DECR key", "O(1)")
                .handler(StringCommands::decr);
        t.command("incrby", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "1.0.0", "Increment the integer value of a key by the given amount",
                        "INCRBY key increment", "O(1)")
                .handler(StringCommands::incrby);
        t.command("decrby", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "1.0.0", "Decrement the integer value of a key by the given number",
                        "DECRBY key decrement", "O(1)")
                .handler(StringCommands::decrby);
        t.command("incrbyfloat", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
                .doc("string", "2.6.0", "Increment the float value of a key by the given amount",
                        "INCRBYFLOAT key increment", "O(1)")
                .handler(StringCommands::incrbyfloat);
        t.command("lcs", -3).flags("readonly").keys(1, 2, 1).acl("@read @string @slow")
                .doc("string", "7.0.0", "Find longest common substring",
                        "LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]",
                        "O(N*M) where N and M are the lengths of s1 and s2, respectively")
                .handler(StringCommands::lcs);
    }

    // GET key
    static void get(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        getGeneric(c, argv[1]);
    }

    /** Replies the string at {@code key} (nil when missing); false after replying WRONGTYPE. */
    private static boolean getGeneric(Client c, byte[] key) {
        KeyEntry e = c.db().lookup(key);
        if (e == null) {
            c.reply().nullBulk();
            return true;
        }
        if (e.value() instanceof byte[] v) {
            c.reply().bulk(v);
            return true;
        }
        c.reply().error(Errors.WRONGTYPE);
        return false;
    }

    /**
     * Parses the options of SET (from argv[3]) or GETEX (from argv[2]) with Redis's compatibility rules: NX/XX
     * exclude each other, at most one expire form, KEEPTTL and PERSIST exclude the expire forms, and an expire
     * keyword needs a following argument. Returns the flags in the low 16 bits and the index of the expire value
     * above them, or -1 after replying a syntax error.
     */
    private static int parseOptions(Client c, byte[][] argv, boolean set) {
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
                c.reply().error(Errors.SYNTAX);
                return -1;
            }
        }
        return flags | expireIndex << FLAG_BITS;
    }

    /**
     * The absolute expiry in unix ms for an EX/PX/EXAT/PXAT argument, or {@link #INVALID} after replying: not an
     * integer, not positive, or overflowing when scaled to milliseconds or made absolute.
     */
    private static long expireAt(Client c, byte[] arg, int flags, String error) {
        if (!Args.isLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return INVALID;
        }
        long when = Numbers.parseLong(arg);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (when <= 0 || seconds && when > Long.MAX_VALUE / 1000) {
            c.reply().error(error);
            return INVALID;
        }
        if (seconds) {
            when *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            when += c.server().keyspace().now();
        }
        if (when <= 0) {
            c.reply().error(error);
            return INVALID;
        }
        return when;
    }

    // SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
    //     PXAT unix-time-milliseconds | KEEPTTL]
    static void set(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        int parsed = parseOptions(c, argv, true);
        if (parsed < 0) {
            return;
        }
        int expireIndex = parsed >>> FLAG_BITS;
        setGeneric(c, parsed & FLAG_MASK, argv[1], argv[2], expireIndex == 0 ? null : argv[expireIndex],
                EXPIRE_SET, false);
    }

    /**
     * The shared body of SET, SETNX, SETEX and PSETEX. {@code counting} replies :1/:0 (SETNX) instead of +OK/nil.
     */
    private static void setGeneric(Client c, int flags, byte[] key, byte[] value, byte[] expire, String expireError,
                                   boolean counting) {
        long when = 0;
        if (expire != null) {
            when = expireAt(c, expire, flags, expireError);
            if (when == INVALID) {
                return;
            }
        }
        if ((flags & GET) != 0 && !getGeneric(c, key)) {
            return;
        }
        Database db = c.db();
        if ((flags & (NX | XX)) != 0) {
            boolean found = db.lookupWrite(key) != null;
            if ((flags & NX) != 0 && found || (flags & XX) != 0 && !found) {
                if ((flags & GET) == 0) {
                    if (counting) {
                        c.reply().integer(0);
                    } else {
                        c.reply().nullBulk();
                    }
                }
                return;
            }
        }
        KeyEntry e = db.put(key, value, (flags & KEEPTTL) != 0);
        db.modified(key, Events.STRING, "set");
        if (expire != null) {
            db.setExpire(e, when);
            db.event(key, Events.GENERIC, "expire");
        }
        if ((flags & GET) == 0) {
            if (counting) {
                c.reply().integer(1);
            } else {
                c.reply().ok();
            }
        }
    }

    // SETNX key value
    static void setnx(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        setGeneric(c, NX, argv[1], argv[2], null, null, true);
    }

    // SETEX key seconds value
    static void setex(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        setGeneric(c, EX, argv[1], argv[3], argv[2], EXPIRE_SETEX, false);
    }

    // PSETEX key milliseconds value
    static void psetex(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        setGeneric(c, PX, argv[1], argv[3], argv[2], EXPIRE_PSETEX, false);
    }

    // GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
    static void getex(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        int parsed = parseOptions(c, argv, false);
        if (parsed < 0) {
            return;
        }
        int flags = parsed & FLAG_MASK;
        int expireIndex = parsed >>> FLAG_BITS;
        Database db = c.db();
        byte[] key = argv[1];
        KeyEntry e = db.lookup(key);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        if (!(e.value() instanceof byte[] v)) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        long when = 0;
        if (expireIndex != 0) {
            when = expireAt(c, argv[expireIndex], flags, EXPIRE_GETEX);
            if (when == INVALID) {
                return;
            }
        }
        c.reply().bulk(v);
        if ((flags & (EXAT | PXAT)) != 0 && when <= c.server().keyspace().now()) {
            db.remove(key);
            db.modified(key, Events.GENERIC, "del");
        } else if (expireIndex != 0) {
            db.setExpire(e, when);
            db.modified(key, Events.GENERIC, "expire");
        } else if ((flags & PERSIST) != 0 && db.persist(e)) {
            db.modified(key, Events.GENERIC, "persist");
        }
    }

    // GETDEL key
    static void getdel(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!getGeneric(c, argv[1])) {
            return;
        }
        Database db = c.db();
        if (db.remove(argv[1]) != null) {
            db.modified(argv[1], Events.GENERIC, "del");
        }
    }

    // GETSET key value
    static void getset(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!getGeneric(c, argv[1])) {
            return;
        }
        Database db = c.db();
        db.put(argv[1], argv[2]);
        db.modified(argv[1], Events.STRING, "set");
    }

    // MGET key [key ...]
    static void mget(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        c.reply().array(argv.length - 1);
        for (int j = 1; j < argv.length; j++) {
            KeyEntry e = db.lookup(argv[j]);
            if (e != null && e.value() instanceof byte[] v) {
                c.reply().bulk(v);
            } else {
                c.reply().nullBulk();
            }
        }
    }

    // MSET key value [key value ...]
    static void mset(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        msetGeneric(c, argv, false);
    }

    // MSETNX key value [key value ...]
    static void msetnx(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        msetGeneric(c, argv, true);
    }

    private static void msetGeneric(Client c, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            c.reply().error(nx ? "ERR wrong number of arguments for 'msetnx' command"
                    : "ERR wrong number of arguments for 'mset' command");
            return;
        }
        Database db = c.db();
        if (nx) {
            for (int j = 1; j < argv.length; j += 2) {
                if (db.lookupWrite(argv[j]) != null) {
                    c.reply().integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < argv.length; j += 2) {
            db.put(argv[j], argv[j + 1]);
            db.modified(argv[j], Events.STRING, "set");
        }
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    /** The string of an entry for a write command, or null after replying WRONGTYPE; missing reads as empty. */
    private static byte[] stringForWrite(Client c, KeyEntry e) {
        if (e == null) {
            return EMPTY;
        }
        if (e.value() instanceof byte[] v) {
            return v;
        }
        c.reply().error(Errors.WRONGTYPE);
        return null;
    }

    /** Redis's {@code checkStringLength}: false after replying when size + append would exceed the limit. */
    private static boolean lengthOk(Client c, long size, long append) {
        long total = size + append;
        if (total > c.server().config().protoMaxBulkLen || total > MAX_ARRAY || total < size) {
            c.reply().error(TOO_BIG);
            return false;
        }
        return true;
    }

    // APPEND key value
    static void append(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        byte[] key = argv[1];
        byte[] tail = argv[2];
        KeyEntry e = db.lookupWrite(key);
        int total;
        if (e == null) {
            db.add(key, tail);
            total = tail.length;
        } else {
            if (!(e.value() instanceof byte[] old)) {
                c.reply().error(Errors.WRONGTYPE);
                return;
            }
            if (!lengthOk(c, old.length, tail.length)) {
                return;
            }
            byte[] v = new byte[old.length + tail.length];
            System.arraycopy(old, 0, v, 0, old.length);
            System.arraycopy(tail, 0, v, old.length, tail.length);
            db.replaceRawString(e, v);
            total = v.length;
        }
        db.modified(key, Events.STRING, "append");
        c.reply().integer(total);
    }

    // STRLEN key
    static void strlen(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
        } else if (e.value() instanceof byte[] v) {
            c.reply().integer(v.length);
        } else {
            c.reply().error(Errors.WRONGTYPE);
        }
    }

    // GETRANGE key start end  (also SUBSTR key start end)
    static void getrange(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!Args.isLong(argv[2]) || !Args.isLong(argv[3])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long start = Numbers.parseLong(argv[2]);
        long end = Numbers.parseLong(argv[3]);
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().bulk(EMPTY);
            return;
        }
        if (!(e.value() instanceof byte[] v)) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            c.reply().bulk(EMPTY);
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
            c.reply().bulk(EMPTY);
        } else {
            c.reply().bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    // SETRANGE key offset value
    static void setrange(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!Args.isLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long offset = Numbers.parseLong(argv[2]);
        if (offset < 0) {
            c.reply().error("ERR offset is out of range");
            return;
        }
        Database db = c.db();
        byte[] key = argv[1];
        byte[] value = argv[3];
        KeyEntry e = db.lookupWrite(key);
        byte[] old = stringForWrite(c, e);
        if (old == null) {
            return;
        }
        if (value.length == 0) {
            c.reply().integer(old.length);
            return;
        }
        if (!lengthOk(c, offset, value.length)) {
            return;
        }
        int end = (int) offset + value.length;
        byte[] v = Arrays.copyOf(old, Math.max(old.length, end));
        System.arraycopy(value, 0, v, (int) offset, value.length);
        if (e == null) {
            db.replaceRawString(db.add(key, v), v);
        } else {
            db.replaceRawString(e, v);
        }
        db.modified(key, Events.STRING, "setrange");
        c.reply().integer(v.length);
    }

    // INCR key
    static void incr(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        incrBy(c, argv[1], 1);
    }

    // DECR key
    static void decr(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        incrBy(c, argv[1], -1);
    }

    // INCRBY key increment
    static void incrby(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!Args.isLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        incrBy(c, argv[1], Numbers.parseLong(argv[2]));
    }

    // DECRBY key decrement
    static void decrby(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!Args.isLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long decrement = Numbers.parseLong(argv[2]);
        if (decrement == Long.MIN_VALUE) {
            c.reply().error("ERR decrement would overflow");
            return;
        }
        incrBy(c, argv[1], -decrement);
    }

    private static void incrBy(Client c, byte[] key, long incr) {
        Database db = c.db();
        KeyEntry e = db.lookupWrite(key);
        long value = 0;
        if (e != null) {
            if (!(e.value() instanceof byte[] v)) {
                c.reply().error(Errors.WRONGTYPE);
                return;
            }
            value = Numbers.parseLong(v);
            if (value == Numbers.NOT_A_NUMBER && !Numbers.isValidLong(v)) {
                c.reply().error(Errors.NOT_INTEGER);
                return;
            }
        }
        if (incr < 0 && value < 0 && incr < Long.MIN_VALUE - value
                || incr > 0 && value > 0 && incr > Long.MAX_VALUE - value) {
            c.reply().error(Errors.OVERFLOW);
            return;
        }
        value += incr;
        byte[] bytes = Numbers.longToBytes(value);
        if (e == null) {
            db.add(key, bytes);
        } else {
            db.replaceValue(e, bytes);
        }
        db.modified(key, Events.STRING, "incrby");
        c.reply().integer(value);
    }

    // INCRBYFLOAT key increment
    static void incrbyfloat(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        byte[] key = argv[1];
        KeyEntry e = db.lookupWrite(key);
        byte[] old = stringForWrite(c, e);
        if (old == null) {
            return;
        }
        LongDouble value = e == null ? LongDouble.ZERO : LongDouble.parse(old);
        LongDouble incr = value == null ? null : LongDouble.parse(argv[2]);
        if (incr == null) {
            c.reply().error(Errors.NOT_FLOAT);
            return;
        }
        LongDouble sum = value.plus(incr);
        if (!sum.isFinite()) {
            c.reply().error("ERR increment would produce NaN or Infinity");
            return;
        }
        byte[] bytes = sum.toHumanBytes();
        if (e == null) {
            db.add(key, bytes);
        } else {
            db.replaceValue(e, bytes);
        }
        db.modified(key, Events.STRING, "incrbyfloat");
        c.reply().bulk(bytes);
    }

    // LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
    static void lcs(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        KeyEntry ea = db.lookup(argv[1]);
        KeyEntry eb = db.lookup(argv[2]);
        if (ea != null && !(ea.value() instanceof byte[]) || eb != null && !(eb.value() instanceof byte[])) {
            c.reply().error("ERR The specified keys must contain string values");
            return;
        }
        byte[] a = ea == null ? EMPTY : (byte[]) ea.value();
        byte[] b = eb == null ? EMPTY : (byte[]) eb.value();
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean more = j < argv.length - 1;
            if (Text.is(opt, "idx")) {
                getIdx = true;
            } else if (Text.is(opt, "len")) {
                getLen = true;
            } else if (Text.is(opt, "withmatchlen")) {
                withMatchLen = true;
            } else if (Text.is(opt, "minmatchlen") && more) {
                if (!Args.isLong(argv[j + 1])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                minMatchLen = Math.max(Numbers.parseLong(argv[j + 1]), 0);
                j++;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (getLen && getIdx) {
            c.reply().error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }
        if (StrLcs.tableBytes(a.length, b.length) > c.server().config().protoMaxBulkLen) {
            c.reply().error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        StrLcs lcs;
        try {
            lcs = new StrLcs(a, b);
        } catch (OutOfMemoryError oom) {
            c.reply().error("ERR Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        if (getIdx) {
            List<StrLcs.Match> matches = lcs.matches(minMatchLen);
            c.reply().map(2);
            c.reply().bulk(MATCHES);
            c.reply().array(matches.size());
            for (StrLcs.Match m : matches) {
                c.reply().array(withMatchLen ? 3 : 2);
                c.reply().array(2);
                c.reply().integer(m.aStart());
                c.reply().integer(m.aEnd());
                c.reply().array(2);
                c.reply().integer(m.bStart());
                c.reply().integer(m.bEnd());
                if (withMatchLen) {
                    c.reply().integer(m.length());
                }
            }
            c.reply().bulk(LEN);
            c.reply().integer(lcs.length());
        } else if (getLen) {
            c.reply().integer(lcs.length());
        } else {
            c.reply().bulk(lcs.subsequence());
        }
    }

    private static final byte[] MATCHES = Text.bytes("matches");
    private static final byte[] LEN = Text.bytes("len");
}
