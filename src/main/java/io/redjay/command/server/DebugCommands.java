package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.Errors;
import io.redjay.command.Help;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.Digest;
import io.redjay.types.Numbers;
import io.redjay.types.ValueTypes;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * DEBUG: test hooks of the server. As in Redis 7.0 it is one command of arity -2 that parses its own subcommand, so
 * an unknown subcommand and a known one with the wrong number of arguments get the same error.
 *
 * <p>It is a protected command: refused unless {@code enable-debug-command} is {@code yes}, or {@code local} and the
 * client is on the loopback interface. What is implemented is what test suites rely on: DIGEST/DIGEST-VALUE
 * (identical to Redis's, see {@link Digest}), OBJECT, SLEEP (which, as in Redis, stops the whole server),
 * SET-ACTIVE-EXPIRE, SET-SKIP-CHECKSUM-VALIDATION (for RESTORE only: snapshot files are always checked), PAUSE-CRON,
 * PROTOCOL (one reply of each RESP3 type), POPULATE, ERROR, LOG and the encoding probes.
 * RELOAD saves, flushes and loads the RDB file back, as Redis does (MERGE, NOFLUSH, NOSAVE).
 */
public final class DebugCommands {
    private static final String NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is "
            + "set to \"local\", you can run it from a local connection, otherwise you need to set this option in "
            + "the configuration file, and then restart the server.";
    private static final long QUICKLIST_PACKED_MAX = (1L << 32) - (1L << 20);

    private DebugCommands() {
    }

    // DEBUG subcommand [argument ...]
    static void debug(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!allowed(c)) {
            ctx.reply().error(NOT_ALLOWED);
            return;
        }
        String sub = Text.latin1(argv[1]).toLowerCase(Locale.ROOT);
        int argc = argv.length;
        boolean done = switch (sub) {
            case "help" -> argc == 2 && help(c, argv);
            case "digest" -> argc == 2 && digest(c);
            case "digest-value" -> digestValue(c, argv);
            case "object" -> argc == 3 && object(c, argv);
            case "sleep" -> argc == 3 && sleep(c, argv);
            case "pause-cron" -> argc == 3 && pauseCron(ctx);
            case "set-active-expire" -> argc == 3 && setActiveExpire(ctx, argv);
            case "set-disable-deny-scripts" -> argc == 3 && setDisableDenyScripts(ctx, argv);
            case "protocol" -> argc == 3 && protocol(c, argv);
            case "populate" -> argc >= 3 && argc <= 5 && populate(c, argv);
            case "reload" -> reload(ctx);
            case "loadaof" -> loadaof(ctx);
            case "htstats" -> argc == 3 && htstats(ctx, argv);
            case "aof-flush-sleep" -> argc == 3 && aofFlushSleep(ctx, argv);
            case "change-repl-id" -> argc == 2 && changeReplId(ctx);
            case "replicate" -> argc >= 3 && replicate(ctx, argv);
            case "log" -> argc == 3 && log(ctx);
            case "leak" -> argc == 3 && ok(c);
            case "segfault" -> argc == 2 && segfault(ctx);
            case "error" -> argc == 3 && error(c, argv);
            case "quicklist-packed-threshold" -> argc == 3 && quicklistPackedThreshold(c, argv);
            case "set-skip-checksum-validation" -> argc == 3 && skipChecksumValidation(c, argv);
            case "listpack" -> argc == 3 && encodingProbe(c, argv, "listpack", "Listpack");
            case "quicklist" -> (argc == 3 || argc == 4) && encodingProbe(c, argv, "quicklist", "Quicklist");
            default -> false;
        };
        if (!done) {
            Help.subcommandError(c, argv);
        }
    }

    // DEBUG LOG <message>
    private static boolean log(CommandContext ctx) {
        LoggerFactory.getLogger("redjay").warn("DEBUG LOG: {}", new String(ctx.arg(2), StandardCharsets.ISO_8859_1));
        ctx.reply().ok();
        return true;
    }

    // DEBUG SEGFAULT
    private static boolean segfault(CommandContext ctx) {
        ctx.server().crash(11, 2);
        return true;
    }

    private static boolean allowed(Client c) {
        String mode = c.host().config().enableDebugCommand;
        if ("yes".equalsIgnoreCase(mode)) {
            return true;
        }
        if (!"local".equalsIgnoreCase(mode)) {
            return false;
        }
        String peer = c.connection().remoteAddress();
        int colon = peer.lastIndexOf(':');
        String host = colon < 0 ? peer : peer.substring(0, colon);
        return host.equals("127.0.0.1") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean ok(Client c) {
        c.reply().ok();
        return true;
    }

    // DEBUG HELP
    private static boolean help(Client c, byte[][] argv) {
        Help.reply(c, argv[0],
                "CHANGE-REPL-ID",
                "    Change the replication IDs of the instance.",
                "    Dangerous: should be used only for testing the replication subsystem.",
                "DIGEST",
                "    Output a hex signature representing the current DB content.",
                "DIGEST-VALUE <key> [<key> ...]",
                "    Output a hex signature of the values of all the specified keys.",
                "ERROR <string>",
                "    Return a Redis protocol error with <string> as message. Useful for clients",
                "    unit tests to simulate Redis errors.",
                "LOG <message>",
                "    Write <message> to the server log.",
                "OBJECT <key>",
                "    Show low level info about `key` and associated value.",
                "PAUSE-CRON <0|1>",
                "    Stop periodic cron job processing.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                "    it is used instead of the 'key' prefix.",
                "PROTOCOL <type>",
                "    Reply with a test value of the specified type. <type> can be: string,",
                "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
                "    true, false.",
                "RELOAD [option ...]",
                "    Save the RDB on disk and reload it back to memory.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    Setting it to 0 disables expiring keys in background when they are not",
                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                "    default.",
                "QUICKLIST-PACKED-THRESHOLD <size>",
                "    Sets the threshold for elements to be inserted as plain vs packed nodes",
                "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
                "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
                "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
                "SLEEP <seconds>",
                "    Stop the server for <seconds>. Decimals allowed.",
                "LISTPACK <key>",
                "    Show low level info about the listpack encoding of <key>.",
                "QUICKLIST <key> [<0|1>]",
                "    Show low level info about the quicklist encoding of <key>.");
        return true;
    }

    // DEBUG DIGEST
    private static boolean digest(Client c) {
        c.reply().simple(Digest.ofDataset(c.host().keyspace()));
        return true;
    }

    // DEBUG DIGEST-VALUE [key ...]
    private static boolean digestValue(Client c, byte[][] argv) {
        ReplyWriter w = c.reply();
        w.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            w.simple(Digest.ofEntry(c.db().peek(argv[i])));
        }
        return true;
    }

    // DEBUG OBJECT key
    private static boolean object(Client c, byte[][] argv) {
        KeyEntry e = c.db().peek(argv[2]);
        if (e == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
            return true;
        }
        c.reply().simple(DebugObject.describe(e, c.host().config(), c.host().keyspace().now()));
        return true;
    }

    // DEBUG SLEEP seconds
    // DEBUG PAUSE-CRON <0|1>
    private static boolean pauseCron(CommandContext ctx) {
        long v = Numbers.parseLong(ctx.arg(2));
        ctx.server().pauseCron(v != 0 && v != Numbers.NOT_A_NUMBER);
        ctx.reply().ok();
        return true;
    }

    private static boolean sleep(Client c, byte[][] argv) {
        double seconds = Numbers.parseDouble(argv[2]);
        long micros = Double.isNaN(seconds) ? 0 : (long) (seconds * 1_000_000);
        if (micros > 0) {
            try {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        c.reply().ok();
        return true;
    }

    // DEBUG SET-ACTIVE-EXPIRE 0|1
    private static boolean setActiveExpire(CommandContext ctx, byte[][] argv) {
        ctx.server().activeExpire().enabled(atoi(argv[2]) != 0);
        ctx.reply().ok();
        return true;
    }

    // DEBUG SET-DISABLE-DENY-SCRIPTS 0|1 (not in Redis's DEBUG HELP either: a test hook)
    private static boolean setDisableDenyScripts(CommandContext ctx, byte[][] argv) {
        ctx.server().scripting().noscriptCheck(atoi(argv[2]) == 0);
        ctx.reply().ok();
        return true;
    }

    /** C's atoi: optional sign and leading digits, 0 when there are none. */
    private static long atoi(byte[] s) {
        int i = 0;
        while (i < s.length && (s[i] == ' ' || s[i] == '\t')) {
            i++;
        }
        boolean negative = i < s.length && s[i] == '-';
        if (i < s.length && (s[i] == '-' || s[i] == '+')) {
            i++;
        }
        long v = 0;
        while (i < s.length && s[i] >= '0' && s[i] <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (s[i++] - '0');
        }
        return negative ? -v : v;
    }

    // DEBUG PROTOCOL string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false
    private static boolean protocol(Client c, byte[][] argv) {
        ReplyWriter w = c.reply();
        switch (Text.latin1(argv[2]).toLowerCase(Locale.ROOT)) {
            case "string" -> w.bulk(Text.bytes("Hello World"));
            case "integer" -> w.integer(12345);
            case "double" -> w.doubleValue(3.141);
            case "bignum" -> w.bigNumber("1234567999999999999999999999999999999");
            case "null" -> w.nullBulk();
            case "array" -> {
                w.array(3);
                for (int i = 0; i < 3; i++) {
                    w.integer(i);
                }
            }
            case "set" -> {
                w.set(3);
                for (int i = 0; i < 3; i++) {
                    w.integer(i);
                }
            }
            case "map" -> {
                w.map(3);
                for (int i = 0; i < 3; i++) {
                    w.integer(i);
                    w.bool(i == 1);
                }
            }
            case "attrib" -> {
                if (w.resp3()) {
                    w.raw(Text.bytes("|1\r\n"));
                    w.bulk(Text.bytes("key-popularity"));
                    w.array(2);
                    w.bulk(Text.bytes("key:123"));
                    w.integer(90);
                }
                w.bulk(Text.bytes("Some real reply following the attribute"));
            }
            case "push" -> {
                if (!w.resp3()) {
                    w.error("ERR RESP2 is not supported by this command");
                    return true;
                }
                w.push(2);
                w.bulk(Text.bytes("server-cpu-usage"));
                w.integer(42);
                w.bulk(Text.bytes("Some real reply following the push reply"));
            }
            case "true" -> w.bool(true);
            case "false" -> w.bool(false);
            case "verbatim" -> w.verbatim("txt", Text.bytes("This is a verbatim\nstring"));
            default -> w.error("ERR Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
        return true;
    }

    // DEBUG POPULATE count [prefix] [size]
    private static boolean populate(Client c, byte[][] argv) {
        long count = positiveOrError(c, argv[2]);
        if (count == Args.INVALID) {
            return true;
        }
        long size = 0;
        if (argv.length == 5) {
            size = positiveOrError(c, argv[4]);
            if (size == Args.INVALID) {
                return true;
            }
        }
        byte[] prefix = argv.length >= 4 ? argv[3] : Text.bytes("key");
        Database db = c.db();
        for (long j = 0; j < count; j++) {
            byte[] key = concat(prefix, Text.bytes(":" + j));
            if (db.lookupWrite(key) != null) {
                continue;
            }
            byte[] value = Text.bytes("value:" + j);
            if (size > 0) {
                value = Arrays.copyOf(value, (int) size);
            }
            db.add(key, value);
        }
        c.reply().ok();
        return true;
    }

    private static long positiveOrError(Client c, byte[] arg) {
        long v = Args.longOrError(c, arg);
        if (v == Args.INVALID) {
            return v;
        }
        if (v < 0) {
            c.reply().error("ERR value is out of range, must be positive");
            return Args.INVALID;
        }
        return v;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]
    private static boolean reload(CommandContext ctx) {
        boolean save = true;
        boolean flush = true;
        boolean merge = false;
        for (int i = 2; i < ctx.argc(); i++) {
            if (Text.is(ctx.arg(i), "nosave")) {
                save = false;
            } else if (Text.is(ctx.arg(i), "noflush")) {
                flush = false;
            } else if (Text.is(ctx.arg(i), "merge")) {
                merge = true;
            } else {
                ctx.reply().error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                return true;
            }
        }
        io.redjay.persistence.RdbSaver rdb = ctx.server().rdb();
        if (save && rdb.saveNow() != null) {
            ctx.reply().error("ERR");
            return true;
        }
        if (flush) {
            ctx.server().keyspace().flushAll();
            ctx.server().keyspace().functions().clear();
        }
        if (rdb.load(merge) != null) {
            ctx.reply().error("ERR Error trying to load the RDB dump, check server logs.");
            return true;
        }
        LoggerFactory.getLogger("redjay").warn("DB reloaded by DEBUG RELOAD");
        ctx.reply().ok();
        return true;
    }

    // DEBUG LOADAOF
    private static boolean loadaof(CommandContext ctx) {
        ctx.server().keyspace().flushAll();
        ctx.server().keyspace().functions().clear();
        String failure = ctx.server().aof().loadNow(ctx.server().rdb().loading());
        if (failure != null) {
            for (String line : failure.split("\n")) {
                LoggerFactory.getLogger("redjay").warn(line);
            }
            System.exit(1);
        }
        ctx.server().rdb().changesSaved();
        ctx.preventPropagation();
        LoggerFactory.getLogger("redjay").warn("Append Only File loaded by DEBUG LOADAOF");
        ctx.reply().ok();
        return true;
    }

    // DEBUG HTSTATS dbid
    private static boolean htstats(CommandContext ctx, byte[][] argv) {
        long db = io.redjay.types.Numbers.parseLong(argv[2]);
        if (db == io.redjay.types.Numbers.NOT_A_NUMBER) {
            ctx.reply().error(io.redjay.command.Errors.NOT_INTEGER);
        } else if (db < 0 || db >= ctx.server().keyspace().databases()) {
            ctx.reply().error("ERR Out of range database");
        } else {
            ctx.reply().verbatim("txt", Text.bytes(ctx.server().keyspace().db((int) db).tableStats()));
        }
        return true;
    }

    // DEBUG AOF-FLUSH-SLEEP microseconds
    private static boolean aofFlushSleep(CommandContext ctx, byte[][] argv) {
        ctx.server().aof().flushSleep(atoi(argv[2]));
        ctx.reply().ok();
        return true;
    }

    // DEBUG CHANGE-REPL-ID
    private static boolean changeReplId(CommandContext ctx) {
        ctx.server().replication().changeReplicationId();
        ctx.reply().ok();
        return true;
    }

    // DEBUG REPLICATE command [arg ...]: the command goes to the replicas only, never executed here
    private static boolean replicate(CommandContext ctx, byte[][] argv) {
        ctx.server().replication().feedAsIs(java.util.Arrays.copyOfRange(argv, 2, argv.length));
        ctx.reply().ok();
        return true;
    }

    // DEBUG ERROR string
    private static boolean error(Client c, byte[][] argv) {
        c.reply().error(Text.latin1(argv[2]).replace('\r', ' ').replace('\n', ' '));
        return true;
    }

    // DEBUG SET-SKIP-CHECKSUM-VALIDATION <0|1>
    private static boolean skipChecksumValidation(Client c, byte[][] argv) {
        c.host().config().skipChecksumValidation = atoi(argv[2]) != 0;
        c.reply().ok();
        return true;
    }

    // DEBUG QUICKLIST-PACKED-THRESHOLD size
    private static boolean quicklistPackedThreshold(Client c, byte[][] argv) {
        long size = memoryValue(Text.latin1(argv[2]));
        if (size < 0 || size > QUICKLIST_PACKED_MAX) {
            c.reply().error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
        } else {
            c.reply().ok();
        }
        return true;
    }

    /** A memory amount as Redis's memtoull: digits with an optional b/k/kb/m/mb/g/gb unit; -1 when malformed. */
    private static long memoryValue(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < lower.length() && Character.isDigit(lower.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 18) {
            return -1;
        }
        long unit = switch (lower.substring(end)) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        return unit < 0 ? -1 : Long.parseLong(lower.substring(0, end)) * unit;
    }

    // DEBUG LISTPACK key | DEBUG QUICKLIST key [0|1]
    private static boolean encodingProbe(Client c, byte[][] argv, String encoding, String label) {
        KeyEntry e = c.db().lookupWrite(argv[2]);
        if (e == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
        } else if (!encoding.equals(ValueTypes.encoding(e))) {
            c.reply().error("ERR Not a " + encoding + " encoded object.");
        } else {
            c.reply().simple(label + " structure printed on stdout");
        }
        return true;
    }
}
