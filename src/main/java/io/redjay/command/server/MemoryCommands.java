package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.Errors;
import io.redjay.command.Help;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.MemoryUsage;

/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP.
 *
 * <p>USAGE estimates in Redis's own accounting ({@link MemoryUsage}), so its numbers compare with a real server's.
 * STATS has Redis's fields, filled from what the JVM reports for the heap: the allocator figures of a C server have
 * no exact counterpart here, so they are the heap's used and committed sizes. MALLOC-STATS answers as a Redis built
 * without jemalloc does, and PURGE has nothing to purge.
 */
final class MemoryCommands {
    private static final int DEFAULT_SAMPLES = 5;
    /** Below this much used memory, DOCTOR has nothing meaningful to say. */
    private static final long DOCTOR_MINIMUM = 5L * 1024 * 1024;

    private MemoryCommands() {
    }

    // MEMORY USAGE key [SAMPLES count]
    static void usage(CommandContext ctx) {
        Client c = ctx.client();
        long samples = DEFAULT_SAMPLES;
        for (int i = 3; i < ctx.argc(); i++) {
            if (Text.is(ctx.arg(i), "samples") && i + 1 < ctx.argc()) {
                samples = Args.longOrError(c, ctx.arg(i + 1));
                if (samples == Args.INVALID) {
                    return;
                }
                if (samples < 0) {
                    ctx.reply().error(Errors.SYNTAX);
                    return;
                }
                i++;
            } else {
                ctx.reply().error(Errors.SYNTAX);
                return;
            }
        }
        KeyEntry e = ctx.db().peek(ctx.arg(2));
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        int n = samples > Integer.MAX_VALUE ? 0 : (int) samples;
        ctx.reply().integer(MemoryUsage.ofKey(e.key(), e.value(), n));
    }

    // MEMORY STATS
    static void stats(CommandContext ctx) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long committed = rt.totalMemory();
        Keyspace ks = ctx.server().keyspace();
        int nonEmpty = 0;
        long keys = 0;
        long overhead = 0;
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() > 0 || db.expiresSize() > 0) {
                nonEmpty++;
                keys += db.size();
                overhead += tableOverhead(db.size()) + tableOverhead(db.expiresSize());
            }
        }
        long dataset = Math.max(0, used - overhead);
        ReplyWriter w = ctx.reply();
        w.map(27 + nonEmpty);
        field(w, "peak.allocated", used);
        field(w, "total.allocated", used);
        field(w, "startup.allocated", 0);
        field(w, "replication.backlog", 0);
        field(w, "clients.slaves", 0);
        field(w, "clients.normal", 0);
        field(w, "cluster.links", 0);
        field(w, "aof.buffer", 0);
        field(w, "lua.caches", 0);
        field(w, "functions.caches", 0);
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0 && db.expiresSize() == 0) {
                continue;
            }
            w.bulk(Text.bytes("db." + i));
            w.map(3);
            field(w, "overhead.hashtable.main", tableOverhead(db.size()));
            field(w, "overhead.hashtable.expires", tableOverhead(db.expiresSize()));
            field(w, "overhead.hashtable.slot-to-keys", 0);
        }
        field(w, "overhead.total", overhead);
        field(w, "keys.count", keys);
        field(w, "keys.bytes-per-key", keys == 0 ? 0 : used / keys);
        field(w, "dataset.bytes", dataset);
        ratio(w, "dataset.percentage", used == 0 ? 0 : dataset * 100.0 / used);
        ratio(w, "peak.percentage", 100.0);
        field(w, "allocator.allocated", used);
        field(w, "allocator.active", committed);
        field(w, "allocator.resident", committed);
        ratio(w, "allocator-fragmentation.ratio", used == 0 ? 1 : (double) committed / used);
        field(w, "allocator-fragmentation.bytes", committed - used);
        ratio(w, "allocator-rss.ratio", 1);
        field(w, "allocator-rss.bytes", 0);
        ratio(w, "rss-overhead.ratio", 1);
        field(w, "rss-overhead.bytes", 0);
        ratio(w, "fragmentation", used == 0 ? 1 : (double) committed / used);
        field(w, "fragmentation.bytes", committed - used);
    }

    /** A table of n entries as Redis sizes it: the entries plus a power-of-two bucket array of pointers. */
    private static long tableOverhead(long n) {
        long buckets = n == 0 ? 0 : Long.highestOneBit(Math.max(4, n - 1)) << 1;
        return n * MemoryUsage.DICT_ENTRY + buckets * 8;
    }

    private static void field(ReplyWriter w, String name, long v) {
        w.bulk(Text.bytes(name));
        w.integer(v);
    }

    private static void ratio(ReplyWriter w, String name, double v) {
        w.bulk(Text.bytes(name));
        w.doubleValue(v);
    }

    // MEMORY DOCTOR
    static void doctor(CommandContext ctx) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        String report;
        if (used < DOCTOR_MINIMUM) {
            report = "This instance uses very little memory, too little for a meaningful analysis. Ask again once "
                    + "it holds some data.\n";
        } else {
            report = "No memory problem detected: the heap holds " + used + " bytes of the " + rt.maxMemory()
                    + " the JVM may use.\n";
        }
        ctx.reply().verbatim("txt", Text.bytes(report));
    }

    // MEMORY MALLOC-STATS
    static void mallocStats(CommandContext ctx) {
        ctx.reply().bulk(Text.bytes("Stats not supported for the current allocator"));
    }

    // MEMORY PURGE
    static void purge(CommandContext ctx) {
        ctx.reply().ok();
    }

    // MEMORY HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        Help.reply(c, ctx.arg(0),
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).");
    }
}
