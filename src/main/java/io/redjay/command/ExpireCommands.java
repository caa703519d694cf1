package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.client.Client;
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

    static void register(CommandTable t) {
        t.command("expire", -3).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
                .doc("generic", "1.0.0", "Set a key's time to live in seconds",
                        "EXPIRE key seconds [NX | XX | GT | LT]", "O(1)")
                .handler(ctx -> expire(ctx.client(), ctx.argv(), ctx.now(), 1000));
        t.command("pexpire", -3).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
                .doc("generic", "2.6.0", "Set a key's time to live in milliseconds",
                        "PEXPIRE key milliseconds [NX | XX | GT | LT]", "O(1)")
                .handler(ctx -> expire(ctx.client(), ctx.argv(), ctx.now(), 1));
        t.command("expireat", -3).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
                .doc("generic", "1.2.0", "Set the expiration for a key as a UNIX timestamp",
                        "EXPIREAT key unix-time-seconds [NX | XX | GT | LT]", "O(1)")
                .handler(ctx -> expire(ctx.client(), ctx.argv(), 0, 1000));
        t.command("pexpireat", -3).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
                .doc("generic", "2.6.0", "Set the expiration for a key as a UNIX timestamp specified in "
                        + "milliseconds", "PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]", "O(1)")
                .handler(ctx -> expire(ctx.client(), ctx.argv(), 0, 1));
        t.command("ttl", 2).flags("readonly fast").keys(1, 1, 1).acl("@keyspace @read @fast")
                .doc("generic", "1.0.0", "Get the time to live for a key in seconds", "TTL key", "O(1)")
                .handler(ctx -> ttl(ctx.client(), ctx.argv(), false, false));
        t.command("pttl", 2).flags("readonly fast").keys(1, 1, 1).acl("@keyspace @read @fast")
                .doc("generic", "2.6.0", "Get the time to live for a key in milliseconds", "PTTL key", "O(1)")
                .handler(ctx -> ttl(ctx.client(), ctx.argv(), true, false));
        t.command("expiretime", 2).flags("readonly fast").keys(1, 1, 1).acl("@keyspace @read @fast")
                .doc("generic", "7.0.0", "Get the expiration Unix timestamp for a key", "EXPIRETIME key", "O(1)")
                .handler(ctx -> ttl(ctx.client(), ctx.argv(), false, true));
        t.command("pexpiretime", 2).flags("readonly fast").keys(1, 1, 1).acl("@keyspace @read @fast")
                .doc("generic", "7.0.0", "Get the expiration Unix timestamp for a key in milliseconds",
                        "PEXPIRETIME key", "O(1)")
                .handler(ctx -> ttl(ctx.client(), ctx.argv(), true, true));
        t.command("persist", 2).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
                .doc("generic", "2.2.0", "Remove the expiration from a key", "PERSIST key", "O(1)")
                .handler(ExpireCommands::persist);
    }

    // EXPIRE key seconds [NX | XX | GT | LT]   (and PEXPIRE, EXPIREAT, PEXPIREAT: basetime 0 for the AT forms,
    // unit 1000 for seconds)
    static void expire(Client c, byte[][] argv, long basetime, long unit) {
        int flags = parseFlags(c, argv);
        if (flags < 0) {
            return;
        }
        if (!Numbers.isValidLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long when = Numbers.parseLong(argv[2]);
        if (unit != 1) {
            if (when > Long.MAX_VALUE / unit || when < Long.MIN_VALUE / unit) {
                invalidTime(c, argv);
                return;
            }
            when *= unit;
        }
        if (when > Long.MAX_VALUE - basetime) {
            invalidTime(c, argv);
            return;
        }
        when += basetime;

        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        long current = e.expireAt();
        boolean none = current == KeyEntry.NO_EXPIRE;
        if ((flags & NX) != 0 && !none
                || (flags & XX) != 0 && none
                || (flags & GT) != 0 && (none || when <= current)
                || (flags & LT) != 0 && !none && when >= current) {
            c.reply().integer(0);
            return;
        }
        if (when <= c.server().keyspace().now()) {
            db.remove(argv[1]);
            db.modified(argv[1], Events.GENERIC, "del");
        } else {
            db.setExpire(e, when);
            db.modified(argv[1], Events.GENERIC, "expire");
        }
        c.reply().integer(1);
    }

    /** Parses the NX/XX/GT/LT options after the time; replies the error and returns -1 when they are invalid. */
    private static int parseFlags(Client c, byte[][] argv) {
        int flags = 0;
        for (int i = 3; i < argv.length; i++) {
            byte[] opt = argv[i];
            if (Text.is(opt, "nx")) {
                flags |= NX;
            } else if (Text.is(opt, "xx")) {
                flags |= XX;
            } else if (Text.is(opt, "gt")) {
                flags |= GT;
            } else if (Text.is(opt, "lt")) {
                flags |= LT;
            } else {
                c.reply().error("ERR Unsupported option " + Text.latin1(cString(opt)));
                return -1;
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            c.reply().error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return -1;
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            c.reply().error("ERR GT and LT options at the same time are not compatible");
            return -1;
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

    private static void invalidTime(Client c, byte[][] argv) {
        c.reply().error("ERR invalid expire time in '" + Text.latin1(argv[0]).toLowerCase(Locale.ROOT)
                + "' command");
    }

    // TTL key   PTTL key   EXPIRETIME key   PEXPIRETIME key
    static void ttl(Client c, byte[][] argv, boolean millis, boolean absolute) {
        KeyEntry e = c.db().lookupNoTouch(argv[1]);
        if (e == null) {
            c.reply().integer(-2);
            return;
        }
        if (!e.hasExpire()) {
            c.reply().integer(-1);
            return;
        }
        long v = absolute ? e.expireAt() : e.expireAt() - c.server().keyspace().now();
        if (v < 0) {
            v = 0;
        }
        c.reply().integer(millis ? v : (v + 500) / 1000);
    }

    // PERSIST key
    static void persist(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        if (e != null && db.persist(e)) {
            db.modified(argv[1], Events.GENERIC, "persist");
            c.reply().integer(1);
        } else {
            c.reply().integer(0);
        }
    }
}
