package io.redjay.command.introspection;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.Errors;
import io.redjay.command.Help;
import io.redjay.command.Text;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT and its subcommands: a connection's identity (ID, SETNAME/GETNAME, SETINFO), its view of the others (LIST,
 * INFO, KILL), its reply mode (REPLY ON/OFF/SKIP) and server-wide pausing (PAUSE/UNPAUSE).
 *
 * <p>Redjay speaks 7.0.15 but also accepts two 7.2 subcommands that current clients send on every connection
 * (SETINFO, sent by redis-cli and Jedis) or that cost nothing (NO-TOUCH); CLIENT LIST keeps the 7.0 line format.
 *
 * <p>REPLY works together with the dispatcher: OFF and SKIP only set the client's mode, the dispatcher drops the
 * replies of the commands that follow while the mode says so. Holding paused clients is the server's job too; PAUSE
 * validates its arguments and records the pause there.
 */
public final class ClientCommands {
    private ClientCommands() {
    }

    /** Redis's client type of {@code c}: normal, slave, pubsub or master. MONITOR clients count as normal. */
    static String typeOf(Client c) {
        if (c.replica() && !c.monitor()) {
            return "slave";
        }
        if (c.subscribed()) {
            return "pubsub";
        }
        return "normal";
    }

    /** The canonical type for a TYPE argument ({@code replica} is {@code slave}), or null if unknown. */
    static String typeByName(byte[] name) {
        if (Text.is(name, "normal")) {
            return "normal";
        }
        if (Text.is(name, "slave") || Text.is(name, "replica")) {
            return "slave";
        }
        if (Text.is(name, "pubsub")) {
            return "pubsub";
        }
        if (Text.is(name, "master")) {
            return "master";
        }
        return null;
    }

    static void syntaxErrorForSubcommand(Client c, byte[][] argv) {
        c.reply().error("ERR unknown subcommand or wrong number of arguments for '" + Text.latin1(argv[1], 128)
                + "'. Try CLIENT HELP.");
    }

    // CLIENT ID
    static void id(CommandContext ctx) {
        Client c = ctx.client();
        ctx.reply().integer(c.id());
    }

    // CLIENT SETNAME connection-name
    static void setname(CommandContext ctx) {
        Client c = ctx.client();
        String name = Text.latin1(ctx.arg(2));
        if (!ClientNames.valid(name)) {
            ctx.reply().error("ERR Client names cannot contain spaces, newlines or special characters.");
            return;
        }
        c.name(name.isEmpty() ? null : name);
        ctx.reply().ok();
    }

    // CLIENT GETNAME
    static void getname(CommandContext ctx) {
        Client c = ctx.client();
        String name = c.name();
        if (name == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(name.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    // CLIENT SETINFO <LIB-NAME libname | LIB-VER libver>
    static void setinfo(CommandContext ctx) {
        Client c = ctx.client();
        boolean libName = Text.is(ctx.arg(2), "lib-name");
        if (!libName && !Text.is(ctx.arg(2), "lib-ver")) {
            ctx.reply().error("ERR Unrecognized option '" + Text.latin1(ctx.arg(2)) + "'");
            return;
        }
        String value = Text.latin1(ctx.arg(3));
        if (!ClientNames.valid(value)) {
            ctx.reply().error("ERR " + Text.latin1(ctx.arg(2))
                    + " cannot contain spaces, newlines or special characters.");
            return;
        }
        String stored = value.isEmpty() ? null : value;
        if (libName) {
            c.libName(stored);
        } else {
            c.libVersion(stored);
        }
        ctx.reply().ok();
    }

    // CLIENT LIST [TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]
    static void list(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        StringBuilder out = new StringBuilder(256);
        if (argv.length == 4 && Text.is(argv[2], "type")) {
            String type = typeByName(argv[3]);
            if (type == null) {
                ctx.reply().error("ERR Unknown client type '" + Text.latin1(argv[3]) + "'");
                return;
            }
            for (Client other : ctx.server().clients()) {
                if (type.equals(typeOf(other))) {
                    ClientInfoLine.append(out, ctx.server(), other, c, argv, "client|list");
                }
            }
        } else if (argv.length > 3 && Text.is(argv[2], "id")) {
            for (int i = 3; i < argv.length; i++) {
                long id = Numbers.parseLong(argv[i]);
                if (id == Numbers.NOT_A_NUMBER) {
                    ctx.reply().error("ERR Invalid client ID");
                    return;
                }
                Client other = ctx.server().client(id);
                if (other != null) {
                    ClientInfoLine.append(out, ctx.server(), other, c, argv, "client|list");
                }
            }
        } else if (argv.length != 2) {
            ctx.reply().error(Errors.SYNTAX);
            return;
        } else {
            for (Client other : ctx.server().clients()) {
                ClientInfoLine.append(out, ctx.server(), other, c, argv, "client|list");
            }
        }
        ctx.reply().verbatim("txt", out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    // CLIENT INFO
    static void info(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        StringBuilder out = new StringBuilder(256);
        ClientInfoLine.append(out, ctx.server(), c, c, argv, "client|info");
        ctx.reply().verbatim("txt", out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    // CLIENT REPLY <ON | OFF | SKIP>
    static void reply(CommandContext ctx) {
        Client c = ctx.client();
        if (Text.is(ctx.arg(2), "on")) {
            c.replyMode(Client.ReplyMode.ON);
            c.skipNextReply(false);
            ctx.reply().ok();
        } else if (Text.is(ctx.arg(2), "off")) {
            c.replyMode(Client.ReplyMode.OFF);
        } else if (Text.is(ctx.arg(2), "skip")) {
            if (c.replyMode() != Client.ReplyMode.OFF) {
                c.skipNextReply(true);
            }
        } else {
            ctx.reply().error(Errors.SYNTAX);
        }
    }

    // CLIENT NO-EVICT <ON | OFF>
    static void noEvict(CommandContext ctx) {
        Client c = ctx.client();
        Boolean on = onOff(ctx.arg(2));
        if (on == null) {
            ctx.reply().error(Errors.SYNTAX);
            return;
        }
        c.noEvict(on);
        ctx.reply().ok();
    }

    // CLIENT NO-TOUCH <ON | OFF>
    static void noTouch(CommandContext ctx) {
        Client c = ctx.client();
        Boolean on = onOff(ctx.arg(2));
        if (on == null) {
            ctx.reply().error(Errors.SYNTAX);
            return;
        }
        c.noTouch(on);
        ctx.reply().ok();
    }

    private static Boolean onOff(byte[] arg) {
        if (Text.is(arg, "on")) {
            return Boolean.TRUE;
        }
        if (Text.is(arg, "off")) {
            return Boolean.FALSE;
        }
        return null;
    }

    // CLIENT GETREDIR
    static void getredir(CommandContext ctx) {
        ctx.reply().integer(-1);
    }

    // CLIENT TRACKINGINFO
    static void trackinginfo(CommandContext ctx) {
        ReplyWriter w = ctx.reply();
        w.map(3);
        w.bulk("flags");
        w.set(1);
        w.bulk("off");
        w.bulk("redirect");
        w.integer(-1);
        w.bulk("prefixes");
        w.emptyArray();
    }

    // CLIENT UNBLOCK client-id [TIMEOUT | ERROR]
    static void unblock(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length > 4) {
            syntaxErrorForSubcommand(c, argv);
            return;
        }
        if (argv.length == 4 && !Text.is(argv[3], "timeout") && !Text.is(argv[3], "error")) {
            ctx.reply().error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
        if (!Args.isLong(argv[2])) {
            ctx.reply().error(Errors.NOT_INTEGER);
            return;
        }
        Client target = ctx.server().client(io.redjay.types.Numbers.parseLong(argv[2]));
        boolean withError = argv.length == 4 && Text.is(argv[3], "error");
        boolean unblocked = target != null && ctx.server().blocking().unblockByRequest(target, withError);
        ctx.reply().integer(unblocked ? 1 : 0);
    }

    // CLIENT PAUSE timeout [WRITE | ALL]
    static void pause(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length > 4) {
            syntaxErrorForSubcommand(c, argv);
            return;
        }
        boolean writesOnly = false;
        if (argv.length == 4) {
            if (Text.is(argv[3], "write")) {
                writesOnly = true;
            } else if (!Text.is(argv[3], "all")) {
                ctx.reply().error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        long timeout = Numbers.parseLong(argv[2]);
        if (timeout == Numbers.NOT_A_NUMBER) {
            ctx.reply().error("ERR timeout is not an integer or out of range");
            return;
        }
        if (timeout < 0) {
            ctx.reply().error("ERR timeout is negative");
            return;
        }
        long end = timeout > 0 ? System.currentTimeMillis() + timeout : 0;
        ctx.server().pause(end, writesOnly);
        ctx.reply().ok();
    }

    // CLIENT UNPAUSE
    static void unpause(CommandContext ctx) {
        ctx.server().unpause();
        ctx.reply().ok();
    }

    // CLIENT HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        Help.reply(c, "CLIENT",
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "SETINFO <option> <value>",
                "    Set client meta attr. Options are:",
                "    * LIB-NAME: the client lib name.",
                "    * LIB-VER: the client lib version.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.",
                "NO-TOUCH (ON|OFF)",
                "    Will not touch LRU/LFU stats when this mode is on.");
    }
}
