package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.Help;
import io.redjay.command.Text;
import io.redjay.protocol.ReplyWriter;
import io.redjay.stats.SlowLog;

/**
 * SLOWLOG GET / LEN / RESET / HELP: reads of the log the dispatcher fills ({@link SlowLog}). Each entry is replied
 * as Redis does: id, unix time, duration in microseconds, the (trimmed) arguments, the client's address and name.
 */
final class SlowlogCommands {
    private static final int DEFAULT_COUNT = 10;

    private SlowlogCommands() {
    }

    // SLOWLOG GET [count]
    static void get(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length > 3) {
            Help.subcommandError(c, argv);
            return;
        }
        SlowLog log = ctx.server().slowLog();
        long count = DEFAULT_COUNT;
        if (argv.length == 3) {
            count = Args.rangeOrError(c, argv[2], -1, Long.MAX_VALUE,
                    "ERR count should be greater than or equal to -1");
            if (count == Args.INVALID) {
                return;
            }
            if (count == -1) {
                count = log.size();
            }
        }
        ReplyWriter w = ctx.reply();
        w.array((int) Math.min(count, log.size()));
        long sent = 0;
        for (SlowLog.Entry e : log.entries()) {
            if (sent++ == count) {
                break;
            }
            w.array(6);
            w.integer(e.id());
            w.integer(e.unixSeconds());
            w.integer(e.micros());
            w.array(e.argv().length);
            for (byte[] a : e.argv()) {
                w.bulk(a);
            }
            w.bulk(Text.bytes(e.peer()));
            w.bulk(Text.bytes(e.clientName()));
        }
    }

    // SLOWLOG LEN
    static void len(CommandContext ctx) {
        ctx.reply().integer(ctx.server().slowLog().size());
    }

    // SLOWLOG RESET
    static void reset(CommandContext ctx) {
        ctx.server().slowLog().reset();
        ctx.reply().ok();
    }

    // SLOWLOG HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        Help.reply(c, ctx.arg(0),
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }
}
