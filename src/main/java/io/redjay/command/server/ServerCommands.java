package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Errors;
import io.redjay.command.Propagator;
import io.redjay.command.Text;
import io.redjay.keyspace.Keyspace;
import io.redjay.persistence.RdbSaver;
import io.redjay.persistence.SavePoints;
import io.redjay.types.Numbers;

import java.time.Instant;

/**
 * Whole-server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, SHUTDOWN, MONITOR, and the registration
 * of the introspection containers (SLOWLOG, LATENCY, MEMORY) whose handlers live in their own classes.
 *
 * <p>Flushes go through {@link Keyspace} rather than clearing databases here, because the keyspace is what tells
 * WATCH, blocked clients and (later) persistence that a whole database changed; this class only counts the removed
 * keys as dirty, as Redis does, so an empty FLUSHALL changes nothing for {@code save} points. FLUSHDB and FLUSHALL
 * are propagated verbatim (with their ASYNC/SYNC argument) even when there was nothing to remove, as Redis forces
 * them; SWAPDB always counts one change and goes out verbatim.
 */
public final class ServerCommands {
    private ServerCommands() {
    }

    // DBSIZE
    static void dbsize(CommandContext ctx) {
        ctx.reply().integer(ctx.db().size());
    }

    // FLUSHDB [ASYNC | SYNC]
    static void flushdb(CommandContext ctx) {
        checkFlushMode(ctx);
        Keyspace ks = ctx.server().keyspace();
        ks.addDirty(ks.flushDb(ctx.db().id()));
        ctx.forcePropagation(Propagator.ALL);
        ctx.reply().ok();
    }

    // FLUSHALL [ASYNC | SYNC]
    static void flushall(CommandContext ctx) {
        checkFlushMode(ctx);
        Keyspace ks = ctx.server().keyspace();
        ctx.server().rdb().kill();
        ks.addDirty(ks.flushAll());
        if (SavePoints.parse(ctx.config().save).any()) {
            ctx.server().rdb().saveNow();
        }
        ctx.forcePropagation(Propagator.ALL);
        ctx.reply().ok();
    }

    // SAVE
    static void save(CommandContext ctx) {
        if (ctx.server().rdb().inProgress()) {
            throw CommandError.of("ERR Background save already in progress");
        }
        if (ctx.server().rdb().saveNow() != null) {
            throw CommandError.of("ERR");
        }
        ctx.reply().ok();
    }

    // BGSAVE [SCHEDULE]
    static void bgsave(CommandContext ctx) {
        boolean schedule = false;
        if (ctx.argc() > 1) {
            if (ctx.argc() == 2 && Text.is(ctx.arg(1), "schedule")) {
                schedule = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        RdbSaver rdb = ctx.server().rdb();
        if (rdb.inProgress()) {
            throw CommandError.of("ERR Background save already in progress");
        }
        if (ctx.server().aof().rewriting()) {
            if (!schedule) {
                throw CommandError.of(RdbSaver.ANOTHER_CHILD);
            }
            rdb.schedule();
            ctx.reply().simple("Background saving scheduled");
            return;
        }
        String error = rdb.startBackground();
        if (error != null) {
            throw CommandError.of(error);
        }
        ctx.reply().simple("Background saving started");
    }

    /** Both modes free memory the same way here: the old tables become garbage at once either way. */
    private static void checkFlushMode(CommandContext ctx) {
        if (ctx.argc() == 1 || ctx.argc() == 2 && (Text.is(ctx.arg(1), "async") || Text.is(ctx.arg(1), "sync"))) {
            return;
        }
        throw CommandError.SYNTAX;
    }

    // BGREWRITEAOF
    static void bgrewriteaof(CommandContext ctx) {
        String reply = ctx.server().aof().bgrewriteaof(ctx.client().executingTransaction());
        if (reply.startsWith("ERR")) {
            throw CommandError.of(reply);
        }
        ctx.reply().simple(reply);
    }

    // SWAPDB index1 index2
    static void swapdb(CommandContext ctx) {
        long a = dbIndex(ctx.arg(1), "ERR invalid first DB index");
        long b = dbIndex(ctx.arg(2), "ERR invalid second DB index");
        Keyspace ks = ctx.server().keyspace();
        if (a < 0 || a >= ks.databases() || b < 0 || b >= ks.databases()) {
            throw CommandError.of(Errors.DB_INDEX);
        }
        ks.swap((int) a, (int) b);
        ks.addDirty(1);
        ctx.reply().ok();
    }

    /** A 32-bit integer, as Redis's getIntFromObjectOrReply with a custom message. */
    private static long dbIndex(byte[] arg, String error) {
        long v = Numbers.parseLong(arg);
        if (v == Numbers.NOT_A_NUMBER || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw CommandError.of(error);
        }
        return v;
    }

    // TIME
    static void time(CommandContext ctx) {
        Instant now = Instant.now();
        ctx.reply().array(2);
        ctx.reply().bulk(Numbers.longToBytes(now.getEpochSecond()));
        ctx.reply().bulk(Numbers.longToBytes(now.getNano() / 1000));
    }

    // LASTSAVE
    static void lastsave(CommandContext ctx) {
        ctx.reply().integer(ctx.server().rdb().lastSave());
    }

    // SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
    static void shutdown(CommandContext ctx) {
        boolean save = false;
        boolean nosave = false;
        boolean modifier = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] a = ctx.arg(i);
            if (Text.is(a, "nosave")) {
                nosave = true;
            } else if (Text.is(a, "save")) {
                save = true;
            } else if (Text.is(a, "now")) {
                modifier = true;
            } else if (Text.is(a, "force")) {
                modifier = true;
                force = true;
            } else if (Text.is(a, "abort")) {
                abort = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if ((abort && (save || nosave || modifier)) || (save && nosave)) {
            throw CommandError.SYNTAX;
        }
        if (abort) {
            if (!ctx.server().abortShutdown()) {
                throw CommandError.of("ERR No shutdown in progress.");
            }
            ctx.reply().ok();
            return;
        }
        if (!nosave && ctx.server().scripting().busy()) {
            throw CommandError.of(ctx.server().scripting().busyError()); // only NOSAVE ends a busy script's server
        }
        if (!ctx.server().shutdown(save, nosave, force)) {
            throw CommandError.of("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        ctx.client().closeAfterReply();
    }

    // MONITOR
    static void monitor(CommandContext ctx) {
        Client c = ctx.client();
        if (c.monitor()) {
            return;
        }
        c.monitor(true);
        ctx.server().dispatcher().addMonitor(c);
        ctx.reply().ok();
    }
}
