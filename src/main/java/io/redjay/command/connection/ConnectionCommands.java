package io.redjay.command.connection;

import io.redjay.client.Client;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Errors;
import io.redjay.command.Text;
import io.redjay.command.introspection.ClientNames;
import io.redjay.command.pubsub.PubSubCommands;
import io.redjay.config.Version;
import io.redjay.keyspace.Keyspace;
import io.redjay.protocol.ReplyWriter;
import io.redjay.protocol.Resp;
import io.redjay.types.Numbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Connection commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO. HELLO switches the client between RESP2 and
 * RESP3; everything else about the protocol version lives in the reply writer.
 */
public final class ConnectionCommands {
    /** Redis's getIntFromObjectOrReply without a custom message, for a number beyond 32 bits. */
    private static final String INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";

    private ConnectionCommands() {
    }

    // PING [message]
    static void ping(CommandContext ctx) {
        if (ctx.argc() > 2) {
            throw CommandError.of("ERR wrong number of arguments for 'ping' command");
        }
        if (PubSubCommands.pingWhileSubscribed(ctx.client(), ctx.argv())) {
            return;
        }
        if (ctx.argc() == 1) {
            ctx.reply().raw(Resp.PONG);
        } else {
            ctx.reply().bulk(ctx.arg(1));
        }
    }

    // ECHO message
    static void echo(CommandContext ctx) {
        ctx.reply().bulk(ctx.arg(1));
    }

    // QUIT
    static void quit(CommandContext ctx) {
        ctx.reply().ok();
        ctx.client().closeAfterReply();
    }

    // RESET
    static void reset(CommandContext ctx) {
        ctx.server().resetClient(ctx.client());
        ctx.reply().simple("RESET");
    }

    // SELECT index
    static void select(CommandContext ctx) {
        long id = Numbers.parseLong(ctx.arg(1));
        if (id == Numbers.NOT_A_NUMBER && !Numbers.isValidLong(ctx.arg(1))) {
            throw CommandError.NOT_INTEGER;
        }
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            throw CommandError.of(INT_RANGE);
        }
        Keyspace ks = ctx.server().keyspace();
        if (id < 0 || id >= ks.databases()) {
            throw CommandError.of(Errors.DB_INDEX);
        }
        ctx.client().select(ks.db((int) id));
        ctx.reply().ok();
    }

    // AUTH [username] password
    static void auth(CommandContext ctx) {
        Client c = ctx.client();
        if (ctx.argc() > 3) {
            ctx.reply().error(Errors.SYNTAX);
            return;
        }
        String pass = ctx.server().config().requirepass;
        if (ctx.argc() == 2 && pass.isEmpty()) {
            ctx.reply().error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        byte[] user = ctx.argc() == 3 ? ctx.arg(1) : Text.bytes("default");
        byte[] password = ctx.arg(ctx.argc() - 1);
        if (checkPassword(c, user, password)) {
            c.authenticated(true);
            ctx.reply().ok();
        } else {
            ctx.reply().error("WRONGPASS invalid username-password pair or user is disabled.");
        }
    }

    /**
     * The default user's check: the user name is compared byte for byte (ACL user names are case-sensitive, so
     * {@code DEFAULT} is another, unknown user) and the password against {@code requirepass} as the bytes it was
     * configured with, whether it came from the command line, the config file or CONFIG SET.
     */
    static boolean checkPassword(Client c, byte[] user, byte[] password) {
        if (!Arrays.equals(user, DEFAULT_USER)) {
            return false;
        }
        String pass = c.host().config().requirepass;
        if (pass.isEmpty()) {
            return true;
        }
        return MessageDigest.isEqual(pass.getBytes(StandardCharsets.ISO_8859_1), password);
    }

    private static final byte[] DEFAULT_USER = Text.bytes("default");

    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    static void hello(CommandContext ctx) {
        Client c = ctx.client();
        int ver = 0;
        int next = 1;
        if (ctx.argc() >= 2) {
            long v = Numbers.parseLong(ctx.arg(1));
            if (v == Numbers.NOT_A_NUMBER) {
                ctx.reply().error("ERR Protocol version is not an integer or out of range");
                return;
            }
            next = 2;
            if (v < 2 || v > 3) {
                ctx.reply().error("NOPROTO unsupported protocol version");
                return;
            }
            ver = (int) v;
        }
        String setName = null;
        for (int j = next; j < ctx.argc(); j++) {
            int moreargs = ctx.argc() - 1 - j;
            if (Text.is(ctx.arg(j), "AUTH") && moreargs >= 2) {
                if (!checkPassword(c, ctx.arg(j + 1), ctx.arg(j + 2))) {
                    ctx.reply().error("WRONGPASS invalid username-password pair or user is disabled.");
                    return;
                }
                c.authenticated(true);
                j += 2;
            } else if (Text.is(ctx.arg(j), "SETNAME") && moreargs >= 1) {
                setName = Text.latin1(ctx.arg(j + 1));
                if (!ClientNames.valid(setName)) {
                    ctx.reply().error("ERR Client names cannot contain spaces, newlines or special characters.");
                    return;
                }
                j++;
            } else {
                ctx.reply().error("ERR Syntax error in HELLO option '" + Text.latin1(ctx.arg(j)) + "'");
                return;
            }
        }
        if (!c.authenticated()) {
            ctx.reply().error("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
            return;
        }
        if (setName != null) {
            c.name(setName.isEmpty() ? null : setName);
        }
        if (ver != 0) {
            c.protocolVersion(ver);
        }
        ReplyWriter w = ctx.reply();
        w.map(7);
        w.bulk("server");
        w.bulk("redis");
        w.bulk("version");
        w.bulk(Version.REDIS);
        w.bulk("proto");
        w.integer(c.protocolVersion());
        w.bulk("id");
        w.integer(c.id());
        w.bulk("mode");
        w.bulk("standalone");
        w.bulk("role");
        w.bulk("master");
        w.bulk("modules");
        w.emptyArray();
    }
}
