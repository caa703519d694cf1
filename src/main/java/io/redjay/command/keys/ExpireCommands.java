package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.types.Numbers;

import java.util.Arrays;
import java.util.Locale;

/**
 * Setting, reading and removing time to live: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX, XX, GT, LT), TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME and PERSIST.
 *
 * <p>All four setters reduce to one absolute unix-millisecond time computed against the keyspace's cached command
 * time, so that the relative and absolute forms agree exactly within a command and a test clock drives them all. A
 * time that is already due deletes the key on the spot (event {@code del}, not {@code expired}), because that is
 * what Redis replicates: the key is gone now, not when some cycle notices it.
 *
 * <p>Propagation follows Redis's {@code expireGenericCommand}: a TTL that was set goes out as {@code PEXPIREAT key
 * <absolute-ms>} with the NX/XX/GT/LT options kept (PEXPIREAT itself verbatim), a time already due as
 * {@code DEL key} ({@code UNLINK key} with {@code lazyfree-lazy-expire yes}), and an option that refused the change
 * (or a missing key) changes nothing and propagates nothing. PERSIST goes out verbatim when it removed a TTL.
 *
 * <p>The readers use the no-touch lookup: asking for a TTL must not make a key look recently used to OBJECT IDLETIME
 * or an LRU policy.
 */
public final class ExpireCommands {
    private ExpireCommands() {
    }

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    private static final byte[] PEXPIREAT = Text.bytes("PEXPIREAT");
    private static final byte[] DEL = Text.bytes("DEL");
    private static final byte[] UNLINK = Text.bytes("UNLINK");
    private static final CommandError NX_AND_OTHERS =
            CommandError.of("ERR NX and XX, GT or LT options at the same time are not compatible");
    private static final CommandError GT_AND_LT =
            CommandError.of("ERR GT and LT options at the same time are not compatible");

    // EXPIRE key seconds [NX | XX | GT | LT]
    static void expire(CommandContext ctx) {
        expire(ctx, ctx.now(), 1000);
    }

    // PEXPIRE key milliseconds [NX | XX | GT | LT]
    static void pexpire(CommandContext ctx) {
        expire(ctx, ctx.now(), 1);
    }

    // EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
    static void expireat(CommandContext ctx) {
        expire(ctx, 0, 1000);
    }

    // PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
    static void pexpireat(CommandContext ctx) {
        expire(ctx, 0, 1);
    }

    // TTL key
    static void ttl(CommandContext ctx) {
        ttl(ctx, false, false);
    }

    // PTTL key
    static void pttl(CommandContext ctx) {
        ttl(ctx, true, false);
    }

    // EXPIRETIME key
    static void expiretime(CommandContext ctx) {
        ttl(ctx, false, true);
    }

    // PEXPIRETIME key
    static void pexpiretime(CommandContext ctx) {
        ttl(ctx, true, true);
    }

    // EXPIRE key seconds [NX | XX | GT | LT]   (and PEXPIRE, EXPIREAT, PEXPIREAT: basetime 0 for the AT forms,
    // unit 1000 for seconds)
    static void expire(CommandContext ctx, long basetime, long unit) {
        int flags = parseFlags(ctx);
        byte[] param = ctx.arg(2);
        if (!Numbers.isValidLong(param)) {
            throw CommandError.NOT_INTEGER;
        }
        long when = Numbers.parseLong(param);
        if (unit != 1) {
            if (when > Long.MAX_VALUE / unit || when < Long.MIN_VALUE / unit) {
                throw invalidTime(ctx);
            }
            when *= unit;
        }
        if (when > Long.MAX_VALUE - basetime) {
            throw invalidTime(ctx);
        }
        when += basetime;

        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        KeyEntry e = db.lookupWrite(key);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        long current = e.expireAt();
        boolean none = current == KeyEntry.NO_EXPIRE;
        if ((flags & NX) != 0 && !none
                || (flags & XX) != 0 && none
                || (flags & GT) != 0 && (none || when <= current)
                || (flags & LT) != 0 && !none && when >= current) {
            ctx.reply().integer(0);
            return;
        }
        boolean propagating = ctx.propagating();
        if (ctx.alreadyExpired(when)) {
            db.remove(key);
            db.modified(key, Events.GENERIC, "del");
            if (propagating) {
                ctx.propagateAs(ctx.config().lazyfreeLazyExpire ? UNLINK : DEL, key);
            }
        } else {
            db.setExpire(e, when);
            db.modified(key, Events.GENERIC, "expire");
            if (propagating && (basetime != 0 || unit != 1)) {
                byte[][] form = ctx.argv().clone();
                form[0] = PEXPIREAT;
                form[2] = Text.bytes(Long.toString(when));
                ctx.propagateAs(form);
            }
        }
        ctx.reply().integer(1);
    }

    /** Parses the NX/XX/GT/LT options after the time (checked before the time itself, as Redis does). */
    private static int parseFlags(CommandContext ctx) {
        int flags = 0;
        for (int i = 3; i < ctx.argc(); i++) {
            byte[] opt = ctx.arg(i);
            if (Text.is(opt, "nx")) {
                flags |= NX;
            } else if (Text.is(opt, "xx")) {
                flags |= XX;
            } else if (Text.is(opt, "gt")) {
                flags |= GT;
            } else if (Text.is(opt, "lt")) {
                flags |= LT;
            } else {
                throw CommandError.of("ERR Unsupported option " + Text.latin1(cString(opt)));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw NX_AND_OTHERS;
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            throw GT_AND_LT;
        }
        return flags;
    }

    /** The argument as C code prints it with {@code %s}: up to its first NUL byte. */
    private static byte[] cString(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return Arrays.copyOf(b, i);
            }
        }
        return b;
    }

    private static CommandError invalidTime(CommandContext ctx) {
        return CommandError.of("ERR invalid expire time in '" + Text.latin1(ctx.arg(0)).toLowerCase(Locale.ROOT)
                + "' command");
    }

    // TTL key   PTTL key   EXPIRETIME key   PEXPIRETIME key
    static void ttl(CommandContext ctx, boolean millis, boolean absolute) {
        KeyEntry e = ctx.db().lookupNoTouch(ctx.arg(1));
        if (e == null) {
            ctx.reply().integer(-2);
            return;
        }
        if (!e.hasExpire()) {
            ctx.reply().integer(-1);
            return;
        }
        long v = absolute ? e.expireAt() : e.expireAt() - ctx.now();
        if (v < 0) {
            v = 0;
        }
        ctx.reply().integer(millis ? v : (v + 500) / 1000);
    }

    // PERSIST key
    static void persist(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        KeyEntry e = db.lookupWrite(key);
        if (e != null && db.persist(e)) {
            db.modified(key, Events.GENERIC, "persist");
            ctx.reply().integer(1);
        } else {
            ctx.reply().integer(0);
        }
    }
}
