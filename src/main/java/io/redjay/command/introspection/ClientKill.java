package io.redjay.command.introspection;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.Errors;
import io.redjay.command.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT KILL in its two forms. The old form {@code CLIENT KILL ip:port} kills the one client connected from that
 * address (the caller included) and answers OK or "No such client". The new form takes filters that must all match
 * ({@code ID}, {@code ADDR}, {@code LADDR}, {@code TYPE}, {@code USER}, {@code SKIPME}) and answers with the number of
 * clients killed; the caller is spared unless {@code SKIPME no}. A caller that kills itself still gets its reply:
 * its connection closes after the reply is written.
 */
final class ClientKill {
    private String addr;
    private String laddr;
    private String type;
    private long id;
    private boolean skipMe = true;

    private ClientKill() {
    }

    // CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]
    static void kill(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ClientKill k = new ClientKill();
        if (argv.length == 3) {
            k.addr = Text.latin1(argv[2]);
            k.skipMe = false;
        } else if (!k.parse(c, argv)) {
            return;
        }
        List<Client> victims = new ArrayList<>();
        for (Client other : ctx.server().clients()) {
            if (k.matches(other, c)) {
                victims.add(other);
            }
        }
        for (Client v : victims) {
            if (v == c) {
                c.closeAfterReply();
            } else {
                v.kill();
            }
        }
        int killed = victims.size() + (k.matchesMasterLink(ctx) && ctx.server().replicaOf().dropLink() ? 1 : 0);
        if (argv.length == 3) {
            if (killed == 0) {
                ctx.reply().error("ERR No such client");
            } else {
                ctx.reply().ok();
            }
        } else {
            ctx.reply().integer(killed);
        }
    }

    /**
     * The link to this replica's master is a client of type master in Redis: matched by its address or its type
     * (not by ID or local address, which it does not have here).
     */
    private boolean matchesMasterLink(CommandContext ctx) {
        io.redjay.replication.ReplicaOfMaster replica = ctx.server().replicaOf();
        if (!replica.linkUp() || id != 0 || laddr != null) {
            return false;
        }
        if (type != null && !type.equals("master")) {
            return false;
        }
        String link = replica.masterHost() + ":" + replica.masterPort();
        return (addr == null || addr.equals(link)) && (addr != null || type != null);
    }

    private boolean parse(Client c, byte[][] argv) {
        for (int i = 2; i < argv.length; i += 2) {
            boolean more = i + 1 < argv.length;
            byte[] opt = argv[i];
            if (!more) {
                c.reply().error(Errors.SYNTAX);
                return false;
            }
            byte[] val = argv[i + 1];
            if (Text.is(opt, "id")) {
                long v = Args.rangeOrError(c, val, 1, Long.MAX_VALUE, "ERR client-id should be greater than 0");
                if (v == Args.INVALID) {
                    return false;
                }
                id = v;
            } else if (Text.is(opt, "type")) {
                type = ClientCommands.typeByName(val);
                if (type == null) {
                    c.reply().error("ERR Unknown client type '" + Text.latin1(val) + "'");
                    return false;
                }
            } else if (Text.is(opt, "addr")) {
                addr = Text.latin1(val);
            } else if (Text.is(opt, "laddr")) {
                laddr = Text.latin1(val);
            } else if (Text.is(opt, "user")) {
                if (!Text.latin1(val).equals("default")) {
                    c.reply().error("ERR No such user '" + Text.latin1(val) + "'");
                    return false;
                }
            } else if (Text.is(opt, "skipme")) {
                if (Text.is(val, "yes")) {
                    skipMe = true;
                } else if (Text.is(val, "no")) {
                    skipMe = false;
                } else {
                    c.reply().error(Errors.SYNTAX);
                    return false;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return false;
            }
        }
        return true;
    }

    private boolean matches(Client other, Client self) {
        if (other.closed()) {
            return false;
        }
        if (addr != null && !addr.equals(other.connection().remoteAddress())) {
            return false;
        }
        if (laddr != null && !laddr.equals(other.connection().localAddress())) {
            return false;
        }
        if (type != null && !type.equals(ClientCommands.typeOf(other))) {
            return false;
        }
        if (id != 0 && other.id() != id) {
            return false;
        }
        return !(other == self && skipMe);
    }
}
