package io.redjay.command.introspection;

import io.redjay.client.Client;
import io.redjay.command.Command;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandTable;
import io.redjay.command.Errors;
import io.redjay.command.Flags;
import io.redjay.command.Help;
import io.redjay.command.Text;
import io.redjay.keyspace.Glob;
import io.redjay.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND and its subcommands: the command table described to clients (redis-cli's hints, cluster-aware clients'
 * key extraction, ACL tooling). Every answer is generated from the declarations in {@link CommandTable}; the entries
 * themselves are shaped by {@link CommandDocsReply}.
 */
public final class CommandCommands {
    private CommandCommands() {
    }

    private static final String ACL = "@slow @connection";

    // COMMAND
    static void all(CommandContext ctx) {
        ReplyWriter w = ctx.reply();
        w.array(ctx.server().commands().size());
        for (Command cmd : ctx.server().commands().all()) {
            CommandDocsReply.info(w, cmd);
        }
    }

    // COMMAND COUNT
    static void count(CommandContext ctx) {
        ctx.reply().integer(ctx.server().commands().size());
    }

    // COMMAND INFO [command-name [command-name ...]]
    static void info(CommandContext ctx) {
        if (ctx.argc() == 2) {
            all(ctx);
            return;
        }
        ReplyWriter w = ctx.reply();
        w.array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            Command cmd = ctx.server().commands().resolve(Text.latin1(ctx.arg(i)));
            if (cmd == null) {
                w.nullBulk();
            } else {
                CommandDocsReply.info(w, cmd);
            }
        }
    }

    // COMMAND DOCS [command-name [command-name ...]]
    static void docs(CommandContext ctx) {
        List<Command> found = new ArrayList<>();
        if (ctx.argc() == 2) {
            found.addAll(ctx.server().commands().all());
        } else {
            for (int i = 2; i < ctx.argc(); i++) {
                Command cmd = ctx.server().commands().resolve(Text.latin1(ctx.arg(i)));
                if (cmd != null) {
                    found.add(cmd);
                }
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(found.size());
        for (Command cmd : found) {
            w.bulk(cmd.fullName());
            CommandDocsReply.docs(w, cmd);
        }
    }

    // COMMAND LIST [FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]
    static void list(CommandContext ctx) {
        String filter = null;
        byte[] arg = null;
        for (int i = 2; i < ctx.argc(); i++) {
            int more = ctx.argc() - 1 - i;
            if (Text.is(ctx.arg(i), "filterby") && more == 2) {
                if (Text.is(ctx.arg(i + 1), "module")) {
                    filter = "module";
                } else if (Text.is(ctx.arg(i + 1), "aclcat")) {
                    filter = "aclcat";
                } else if (Text.is(ctx.arg(i + 1), "pattern")) {
                    filter = "pattern";
                } else {
                    ctx.reply().error(Errors.SYNTAX);
                    return;
                }
                arg = ctx.arg(i + 2);
                i += 2;
            } else {
                ctx.reply().error(Errors.SYNTAX);
                return;
            }
        }
        List<String> names = new ArrayList<>();
        String category = arg == null ? null : Text.latin1(arg).toLowerCase(Locale.ROOT);
        for (Command cmd : ctx.server().commands().allWithSubcommands()) {
            if (filter == null
                    || filter.equals("aclcat") && CommandDocsReply.categories(cmd).contains(category)
                    || filter.equals("pattern")
                    && Glob.match(arg, cmd.fullName().getBytes(StandardCharsets.US_ASCII), true)) {
                names.add(cmd.fullName());
            }
        }
        ReplyWriter w = ctx.reply();
        w.array(names.size());
        for (String n : names) {
            w.bulk(n);
        }
    }

    // COMMAND GETKEYS command [arg [arg ...]]
    static void getkeys(CommandContext ctx) {
        getKeys(ctx, false);
    }

    // COMMAND GETKEYSANDFLAGS command [arg [arg ...]]
    static void getkeysandflags(CommandContext ctx) {
        getKeys(ctx, true);
    }

    private static void getKeys(CommandContext ctx, boolean withFlags) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        byte[][] inner = new byte[argv.length - 2][];
        System.arraycopy(argv, 2, inner, 0, inner.length);
        Command cmd = ctx.server().commands().lookup(inner[0]);
        if (cmd != null && cmd.hasSubcommands() && inner.length >= 2) {
            cmd = CommandTable.lookupSub(cmd, inner[1]);
        }
        if (cmd == null) {
            c.reply().error("ERR Invalid command specified");
            return;
        }
        if (!CommandDocsReply.hasKeys(cmd)) {
            c.reply().error("ERR The command has no key arguments");
            return;
        }
        if (!cmd.arityOk(inner.length)) {
            c.reply().error("ERR Invalid number of arguments specified for command");
            return;
        }
        int[] positions = keyPositions(cmd, inner);
        if (positions == null || positions.length == 0) {
            if (positions != null && cmd.is(Flags.NO_MANDATORY_KEYS)) {
                c.reply().emptyArray();
            } else {
                c.reply().error("ERR Invalid arguments specified for command");
            }
            return;
        }
        ReplyWriter w = c.reply();
        w.array(positions.length);
        for (int k = 0; k < positions.length; k++) {
            int p = positions[k];
            if (withFlags) {
                List<String> flags = CommandDocsReply.keyFlags(cmd, inner, k);
                w.array(2);
                w.bulk(inner[p]);
                w.set(flags.size());
                for (String f : flags) {
                    w.simple(f);
                }
            } else {
                w.bulk(inner[p]);
            }
        }
    }

    /** The key positions, or null when the arguments are malformed (a key finder failed or pointed outside). */
    private static int[] keyPositions(Command cmd, byte[][] inner) {
        int[] positions;
        try {
            positions = cmd.keyPositions(inner);
        } catch (RuntimeException e) {
            return null;
        }
        for (int p : positions) {
            if (p <= 0 || p >= inner.length) {
                return null;
            }
        }
        return positions;
    }

    // COMMAND HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        Help.reply(c, "COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }
}
