package io.redjay.command.replication;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Errors;
import io.redjay.command.Text;
import io.redjay.replication.ReplicaLink;
import io.redjay.replication.ReplicationMaster;
import io.redjay.types.Numbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commands a replica sends its master, WAIT and ROLE. They only parse and check; the protocol itself is
 * {@link ReplicationMaster}'s.
 */
public final class ReplicationCommands {
    private ReplicationCommands() {
    }

    // PSYNC replicationid offset [FAILOVER]
    static void psync(CommandContext ctx) {
        if (ctx.argc() > 3 && Text.is(ctx.arg(3), "failover")) {
            takeOverFromMaster(ctx);
        }
        refuseWithoutMasterLink(ctx);
        long offset = Numbers.parseLong(ctx.arg(2));
        if (offset == Numbers.NOT_A_NUMBER) {
            org.slf4j.LoggerFactory.getLogger("redjay").warn("Replica {} asks for synchronization but with a wrong "
                    + "offset", ctx.server().replication().replicaName(ctx.client()));
            throw CommandError.of(Errors.NOT_INTEGER);
        }
        ctx.server().replication().sync(ctx.client(), Text.latin1(ctx.arg(1)), offset, true);
    }

    /**
     * The FAILOVER handover reaching its target: a replica asked for its own history by its master becomes a
     * master, and the PSYNC goes on as any other (the old master continues from its second ID).
     */
    private static void takeOverFromMaster(CommandContext ctx) {
        String wanted = Text.latin1(ctx.arg(1));
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("redjay");
        log.warn("Failover request received for replid {}.", wanted);
        io.redjay.replication.ReplicaOfMaster replica = ctx.server().replicaOf();
        if (!replica.active()) {
            throw CommandError.of("ERR PSYNC FAILOVER can't be sent to a master.");
        }
        if (!wanted.equals(ctx.server().replication().replid())) {
            throw CommandError.of("ERR PSYNC FAILOVER replid must match my replid.");
        }
        replica.stop();
        log.info("MASTER MODE enabled (failover request from '{}')",
                io.redjay.command.introspection.ClientInfoLine.describe(ctx.server(), ctx.client()));
    }

    /** A replica serves replicas of its own only while it is in sync with its master; nobody syncs in a failover. */
    private static void refuseWithoutMasterLink(CommandContext ctx) {
        if (ctx.server().failover().inProgress()) {
            throw CommandError.of("NOMASTERLINK Can't SYNC while failing over");
        }
        if (ctx.server().replicaOf().active() && !ctx.server().replicaOf().linkUp()) {
            throw CommandError.of("NOMASTERLINK Can't SYNC while not connected with my master");
        }
    }

    // SYNC
    static void sync(CommandContext ctx) {
        refuseWithoutMasterLink(ctx);
        ctx.server().replication().sync(ctx.client(), "?", -1, false);
    }

    // REPLICAOF host port | NO ONE   (and SLAVEOF)
    static void replicaof(CommandContext ctx) {
        io.redjay.replication.ReplicaOfMaster replica = ctx.server().replicaOf();
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("redjay");
        String who = io.redjay.command.introspection.ClientInfoLine.describe(ctx.server(), ctx.client());
        if (ctx.server().failover().inProgress()) {
            throw CommandError.of("ERR REPLICAOF not allowed while failing over.");
        }
        if (Text.is(ctx.arg(1), "no") && Text.is(ctx.arg(2), "one")) {
            if (replica.active()) {
                replica.stop();
                log.info("MASTER MODE enabled (user request from '{}')", who);
            }
            ctx.reply().ok();
            return;
        }
        long port = Numbers.parseLong(ctx.arg(2));
        if (port == Numbers.NOT_A_NUMBER || port < 0 || port > 65535) {
            throw CommandError.of("ERR Invalid master port");
        }
        String host = Text.latin1(ctx.arg(1));
        if (!replica.follow(host, (int) port)) {
            log.info("REPLICAOF would result into synchronization with the master we are already connected with. "
                    + "No operation performed.");
            ctx.reply().simple("OK Already connected to specified master");
            return;
        }
        log.info("REPLICAOF {}:{} enabled (user request from '{}')", host, port, who);
        ctx.reply().ok();
    }

    // FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]
    static void failover(CommandContext ctx) {
        io.redjay.replication.Failover failover = ctx.server().failover();
        if (ctx.argc() == 2 && Text.is(ctx.arg(1), "abort")) {
            if (!failover.inProgress()) {
                throw CommandError.of("ERR No failover in progress.");
            }
            failover.abort("Failover manually aborted");
            ctx.reply().ok();
            return;
        }
        long timeout = 0;
        boolean force = false;
        String host = null;
        long port = 0;
        for (int j = 1; j < ctx.argc(); j++) {
            if (Text.is(ctx.arg(j), "timeout") && j + 1 < ctx.argc() && timeout == 0) {
                timeout = Numbers.parseLong(ctx.arg(j + 1));
                if (timeout == Numbers.NOT_A_NUMBER) {
                    throw CommandError.of(Errors.NOT_INTEGER);
                }
                if (timeout <= 0) {
                    throw CommandError.of("ERR FAILOVER timeout must be greater than 0");
                }
                j++;
            } else if (Text.is(ctx.arg(j), "to") && j + 2 < ctx.argc() && host == null) {
                port = Numbers.parseLong(ctx.arg(j + 2));
                if (port == Numbers.NOT_A_NUMBER) {
                    throw CommandError.of(Errors.NOT_INTEGER);
                }
                host = Text.latin1(ctx.arg(j + 1));
                j += 2;
            } else if (Text.is(ctx.arg(j), "force") && !force) {
                force = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        String error = failover.start(host, (int) port, timeout, force);
        if (error != null) {
            throw CommandError.of(error);
        }
        ctx.reply().ok();
    }

    // WAIT numreplicas timeout
    static void await(CommandContext ctx) {
        long numreplicas = Numbers.parseLong(ctx.arg(1));
        if (numreplicas == Numbers.NOT_A_NUMBER) {
            throw CommandError.of(Errors.NOT_INTEGER);
        }
        long timeout = Numbers.parseLong(ctx.arg(2));
        if (timeout == Numbers.NOT_A_NUMBER) {
            throw CommandError.of("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            throw CommandError.of("ERR timeout is negative");
        }
        Long acked = ctx.server().replication().await(ctx.client(), numreplicas, timeout,
                ctx.client().executingTransaction());
        if (acked != null) {
            ctx.reply().integer(acked);
        }
    }

    // ROLE
    static void role(CommandContext ctx) {
        io.redjay.replication.ReplicaOfMaster replica = ctx.server().replicaOf();
        if (replica.active()) {
            ctx.reply().array(5);
            ctx.reply().bulk(Text.bytes("slave"));
            ctx.reply().bulk(Text.bytes(replica.masterHost()));
            ctx.reply().integer(replica.masterPort());
            ctx.reply().bulk(Text.bytes(replica.roleState()));
            ctx.reply().integer(replica.linkUp() ? ctx.server().replication().offset() : -1);
            return;
        }
        ReplicationMaster master = ctx.server().replication();
        List<ReplicaLink> online = new ArrayList<>();
        for (ReplicaLink r : master.replicas()) {
            if (r.state() == ReplicaLink.State.ONLINE) {
                online.add(r);
            }
        }
        ctx.reply().array(3);
        ctx.reply().bulk(Text.bytes("master"));
        ctx.reply().integer(master.offset());
        ctx.reply().array(online.size());
        for (ReplicaLink r : online) {
            ctx.reply().array(3);
            ctx.reply().bulk(Text.bytes(r.ip()));
            ctx.reply().bulk(Numbers.longToBytes(r.port()));
            ctx.reply().bulk(Numbers.longToBytes(r.ackOffset()));
        }
    }

    // REPLCONF option value [option value ...]
    static void replconf(CommandContext ctx) {
        if (ctx.argc() % 2 == 0) {
            throw CommandError.SYNTAX;
        }
        ReplicationMaster master = ctx.server().replication();
        for (int i = 1; i < ctx.argc(); i += 2) {
            String option = Text.latin1(ctx.arg(i)).toLowerCase(Locale.ROOT);
            String value = Text.latin1(ctx.arg(i + 1));
            switch (option) {
                case "ack" -> {
                    long acked = Numbers.parseLong(ctx.arg(i + 1));
                    if (acked != Numbers.NOT_A_NUMBER) {
                        master.ack(ctx.client(), acked);
                    }
                    return;
                }
                case "getack" -> {
                    return;
                }
                case "listening-port" -> {
                    long port = Numbers.parseLong(ctx.arg(i + 1));
                    if (port == Numbers.NOT_A_NUMBER) {
                        throw CommandError.of(Errors.NOT_INTEGER);
                    }
                    master.configure(ctx.client(), option, Long.toString(port));
                }
                case "ip-address", "capa", "rdb-only", "rdb-filter-only" -> master.configure(ctx.client(), option,
                        value);
                default -> throw CommandError.of("ERR Unrecognized REPLCONF option: " + Text.latin1(ctx.arg(i)));
            }
        }
        ctx.reply().ok();
    }
}
