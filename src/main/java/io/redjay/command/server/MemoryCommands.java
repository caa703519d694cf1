package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.Errors;
import io.redjay.command.Help;
import io.redjay.command.MemoryView;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.protocol.ReplyWriter;

/**
 * MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP.
 *
 * <p>USAGE answers with the key's charge in {@code used_memory} ({@link KeyEntry#chargedBytes()}: the entry, the key,
 * the value and any expires node), so that the figures of all keys add up to {@code used_memory_dataset} and a user
 * deciding what to delete under {@code maxmemory} reads the same accounting eviction acts on. Redis samples nested
 * values because it walks them to answer; here each value keeps its heap figure current as it changes, so the charge
 * is maintained, not sampled: {@code SAMPLES count} is parsed and validated as Redis does, and changes nothing. Like
 * Redis, USAGE reads the table directly: it neither touches the key's access clock nor expires it, nor counts a hit
 * or a miss.
 *
 * <p>STATS has Redis's fields, filled from what the JVM reports for the heap: the allocator figures of a C server have
 * no exact counterpart here, so they are the heap's used and committed sizes. MALLOC-STATS answers as a Redis built
 * without jemalloc does, and PURGE has nothing to purge.
 */
final class MemoryCommands {
    private MemoryCommands() {
    }

    // MEMORY USAGE key [SAMPLES count]
    static void usage(CommandContext ctx) {
        for (int i = 3; i < ctx.argc(); i++) {
            if (!Text.is(ctx.arg(i), "samples") || i + 1 == ctx.argc()) {
                ctx.reply().error(Errors.SYNTAX);
                return;
            }
            byte[] count = ctx.arg(++i);
            if (!Args.isLong(count)) {
                ctx.reply().error(Errors.NOT_INTEGER);
                return;
            }
            // A canonical integer is negative exactly when signed, Long.MIN_VALUE included (which parseLong cannot
            // tell from an invalid number).
            if (count[0] == '-') {
                ctx.reply().error(Errors.SYNTAX);
                return;
            }
        }
        KeyEntry e = ctx.db().peek(ctx.arg(2));
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().integer(e.chargedBytes());
    }

    // MEMORY STATS
    static void stats(CommandContext ctx) {
        MemoryView memory = ctx.server().memory();
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long committed = rt.totalMemory();
        long rss = InfoSystem.rss();
        long used = memory.usedMemory();
        long startup = memory.startupBytes();
        long overhead = memory.overheadBytes();
        long dataset = used - overhead;
        Keyspace ks = ctx.server().keyspace();
        int nonEmpty = 0;
        long keys = 0;
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() > 0 || db.expiresSize() > 0) {
                nonEmpty++;
                keys += db.size();
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(27 + nonEmpty);
        field(w, "peak.allocated", memory.peak());
        field(w, "total.allocated", used);
        field(w, "startup.allocated", startup);
        field(w, "replication.backlog", 0);
        field(w, "clients.slaves", 0);
        field(w, "clients.normal", memory.clientBytes());
        field(w, "cluster.links", 0);
        field(w, "aof.buffer", 0);
        field(w, "lua.caches", 0);
        field(w, "functions.caches", ctx.server().scripting().functions().overheadBytes());
        for (int i = 0; i < ks.databases(); i++) {
            Database db = ks.db(i);
            if (db.size() == 0 && db.expiresSize() == 0) {
                continue;
            }
            w.bulk(Text.bytes("db." + i));
            w.map(3);
            field(w, "overhead.hashtable.main", db.keyTableBytes());
            field(w, "overhead.hashtable.expires", db.expireTableBytes());
            field(w, "overhead.hashtable.slot-to-keys", 0);
        }
        field(w, "overhead.total", overhead);
        field(w, "keys.count", keys);
        field(w, "keys.bytes-per-key", keys == 0 ? 0 : (used - startup) / keys);
        field(w, "dataset.bytes", dataset);
        ratio(w, "dataset.percentage", used - startup <= 0 ? 0 : dataset * 100.0 / (used - startup));
        ratio(w, "peak.percentage", used * 100.0 / memory.peak());
        field(w, "allocator.allocated", heapUsed);
        field(w, "allocator.active", committed);
        field(w, "allocator.resident", committed);
        ratio(w, "allocator-fragmentation.ratio", heapUsed == 0 ? 1 : (double) committed / heapUsed);
        field(w, "allocator-fragmentation.bytes", committed - heapUsed);
        ratio(w, "allocator-rss.ratio", committed == 0 ? 1 : (double) rss / committed);
        field(w, "allocator-rss.bytes", rss - committed);
        ratio(w, "rss-overhead.ratio", 1);
        field(w, "rss-overhead.bytes", 0);
        ratio(w, "fragmentation", used == 0 ? 1 : (double) rss / used);
        field(w, "fragmentation.bytes", rss - used);
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
        MemoryView memory = ctx.server().memory();
        long used = memory.usedMemory();
        ctx.reply().verbatim("txt", Text.bytes(MemoryDoctor.report(used, memory.peak(), InfoSystem.rss(),
                memory.clientBytes(), ctx.server().clients().size(), Runtime.getRuntime().maxMemory())));
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
