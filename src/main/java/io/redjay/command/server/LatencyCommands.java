package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.Command;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandTable;
import io.redjay.command.Help;
import io.redjay.command.Text;
import io.redjay.protocol.ReplyWriter;
import io.redjay.stats.LatencyMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LATENCY LATEST / HISTORY / RESET / DOCTOR / GRAPH / HISTOGRAM / HELP. The first five read the event series the
 * {@link LatencyMonitor} keeps; HISTOGRAM reads the per-command distributions that also feed INFO latencystats, and
 * reports them in Redis's shape (see {@link LatencyHistogramReply}).
 */
final class LatencyCommands {
    private LatencyCommands() {
    }

    // LATENCY LATEST
    static void latest(CommandContext ctx) {
        Map<String, LatencyMonitor.Series> events = ctx.server().latency().events();
        ReplyWriter w = ctx.reply();
        w.array(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            LatencyMonitor.Sample last = e.getValue().latest();
            w.array(4);
            w.bulk(Text.bytes(e.getKey()));
            w.integer(last == null ? 0 : last.unixSeconds());
            w.integer(last == null ? 0 : last.millis());
            w.integer(e.getValue().max());
        }
    }

    // LATENCY HISTORY event
    static void history(CommandContext ctx) {
        LatencyMonitor.Series s = ctx.server().latency().events().get(Text.latin1(ctx.arg(2)));
        ReplyWriter w = ctx.reply();
        if (s == null) {
            w.emptyArray();
            return;
        }
        List<LatencyMonitor.Sample> samples = new ArrayList<>();
        s.samples().forEach(samples::add);
        w.array(samples.size());
        for (LatencyMonitor.Sample x : samples) {
            w.array(2);
            w.integer(x.unixSeconds());
            w.integer(x.millis());
        }
    }

    // LATENCY RESET [event ...]
    static void reset(CommandContext ctx) {
        List<String> names = null;
        if (ctx.argc() > 2) {
            names = new ArrayList<>();
            for (int i = 2; i < ctx.argc(); i++) {
                names.add(Text.latin1(ctx.arg(i)));
            }
        }
        ctx.reply().integer(ctx.server().latency().reset(names));
    }

    // LATENCY DOCTOR
    static void doctor(CommandContext ctx) {
        ctx.reply().verbatim("txt", Text.bytes(LatencyReport.doctor(ctx.server())));
    }

    // LATENCY GRAPH event
    static void graph(CommandContext ctx) {
        String event = Text.latin1(ctx.arg(2));
        LatencyMonitor.Series s = ctx.server().latency().events().get(event);
        if (s == null) {
            ctx.reply().error("ERR No samples available for event '" + Text.latin1(ctx.arg(2), Integer.MAX_VALUE) + "'");
            return;
        }
        ctx.reply().verbatim("txt", Text.bytes(LatencyReport.graph(event, s, System.currentTimeMillis() / 1000)));
    }

    // LATENCY HISTOGRAM [command [command ...]]
    static void histogram(CommandContext ctx) {
        CommandTable table = ctx.server().commands();
        List<Command> chosen = new ArrayList<>();
        if (ctx.argc() == 2) {
            for (Command cmd : table.allWithSubcommands()) {
                if (cmd.latencyHistogram() != null) {
                    chosen.add(cmd);
                }
            }
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                Command cmd = table.resolve(Text.latin1(ctx.arg(i)));
                if (cmd == null) {
                    continue;
                }
                if (cmd.latencyHistogram() != null) {
                    chosen.add(cmd);
                }
                for (Command sub : cmd.subcommands().values()) {
                    if (sub.latencyHistogram() != null) {
                        chosen.add(sub);
                    }
                }
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(chosen.size());
        for (Command cmd : chosen) {
            w.bulk(Text.bytes(cmd.fullName()));
            LatencyHistogramReply.write(w, cmd.latencyHistogram());
        }
    }

    // LATENCY HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        Help.reply(c, ctx.arg(0),
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified "
                        + "command names.",
                "    If no commands are specified then all histograms are replied.");
    }
}
