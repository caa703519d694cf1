package io.redjay.command.server;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandTable;

import java.nio.charset.StandardCharsets;

/**
 * INFO: the server's state as text for humans and monitoring tools. The text itself is built by {@link InfoReport};
 * this class declares the command and sends the report, as verbatim text in RESP3 and a bulk string in RESP2, like
 * Redis 7.0.
 */
public final class InfoCommand {
    private InfoCommand() {
    }

    public static void register(CommandTable t) {
        t.command("info", -1).flags("loading stale sentinel").acl("@slow @dangerous")
                .doc("server", "1.0.0", "Returns information and statistics about the server.",
                        "INFO [section [section ...]]", "O(1)")
                .handler(InfoCommand::info);
    }

    // INFO [section [section ...]]
    static void info(CommandContext ctx) {
        String text = InfoReport.render(ctx.server(), ctx.argv(), 1);
        ctx.reply().verbatim("txt", text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
