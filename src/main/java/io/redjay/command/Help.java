package io.redjay.command;

import io.redjay.client.Client;
import io.redjay.protocol.ReplyWriter;

import java.util.Locale;

/**
 * The two reply shapes every container command (CLIENT, COMMAND, CONFIG, DEBUG, LATENCY, MEMORY, SLOWLOG, ...)
 * shares, so their wording is written once: the HELP listing and the error of a subcommand given arguments it does
 * not take.
 */
public final class Help {
    private Help() {
    }

    /** The HELP reply: a title line naming the command in upper case, the given lines, and the HELP entry itself. */
    public static void reply(Client c, byte[] command, String... lines) {
        reply(c, Text.latin1(command).toUpperCase(Locale.ROOT), lines);
    }

    /** As {@link #reply(Client, byte[], String...)} with the command's name already in upper case. */
    public static void reply(Client c, String command, String... lines) {
        ReplyWriter w = c.reply();
        w.array(lines.length + 3);
        w.simple(command + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            w.simple(line);
        }
        w.simple("HELP");
        w.simple("    Prints this help.");
    }

    /** The error of a subcommand that exists but was given arguments it does not take. */
    public static void subcommandError(Client c, byte[][] argv) {
        c.reply().error("ERR unknown subcommand or wrong number of arguments for '" + Text.latin1(argv[1], 128)
                + "'. Try " + Text.latin1(argv[0]).toUpperCase(Locale.ROOT) + " HELP.");
    }
}
