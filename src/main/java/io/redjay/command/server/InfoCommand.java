package io.redjay.command.server;

import io.redjay.command.CommandContext;

import java.nio.charset.StandardCharsets;

/**
 * INFO: the server's state as text for humans and monitoring tools. The text itself is built by {@link InfoReport};
 * this class declares the command and sends the report, as verbatim text in RESP3 and a bulk string in RESP2, like
 * Redis 7.0.
 */
public final class InfoCommand {
    private InfoCommand() {
    }

    // INFO [section [section ...]]
    static void info(CommandContext ctx) {
        String text = InfoReport.render(ctx.server(), ctx.argv(), 1);
        ctx.reply().verbatim("txt", text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
