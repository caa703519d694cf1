package io.redjay.command;

import io.netty.buffer.ByteBuf;
import io.redjay.client.Client;
import io.redjay.client.DetachedConnection;
import io.redjay.scripting.LuaReplies;
import io.redjay.scripting.ScriptFlags;
import io.redjay.scripting.ScriptRun;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

/**
 * How a script's {@code redis.call} runs a command (Redis's {@code scriptCall}): the checks that apply to commands
 * called from scripts, then the dispatcher's {@code call} on the script client, then the reply read back as a Lua
 * value.
 *
 * <p><b>The script client.</b> One client without a connection runs every command of every script, as Redis's
 * {@code lua_client} does. Before each run it selects the caller's database (a SELECT inside the script changes the
 * script client only). It counts as executing a transaction, so blocking commands answer at once instead of
 * blocking. Its replies accumulate in its buffer only for as long as it takes to parse them.
 *
 * <p><b>Checks.</b> In Redis's order: the command exists and has the right number of arguments, it is allowed in
 * scripts, the replica is not stale, a read-only run does not write, and a first write is not refused on a
 * read-only replica, after a disk error, without enough replicas, or over {@code maxmemory}. A refusal is an error
 * table counted like any rejected command. Once the script has written, later writes are never refused: half a
 * script's effects must not be left behind.
 */
public final class ScriptCalls {
    private final ServerView server;
    private final Client client;

    public ScriptCalls(ServerView server, long clientId, io.redjay.client.ClientHost host) {
        this.server = server;
        this.client = new Client(clientId, host, new DetachedConnection("lua"));
        client.executingTransaction(true);
        client.script(true);
        client.beginBatch();
    }

    /** The script client (CLIENT LIST never shows it; the slow log and MONITOR name it "lua"). */
    public Client client() {
        return client;
    }

    /** Gets the script client ready for a run of {@code caller}'s: its database. */
    public void prepare(Client caller) {
        client.select(caller.db());
    }

    /** {@code redis.call}: runs {@code argv} for {@code run}, returns the reply as a Lua value. */
    public Object call(ScriptRun run, byte[][] argv) {
        Command cmd;
        if (argv[0] == lastName && !lastCommand.hasSubcommands()) {
            cmd = lastCommand; // the same string constant of a script calling the same command again
        } else {
            cmd = server.commands().lookup(argv[0]);
            if (cmd != null) {
                lastName = argv[0];
                lastCommand = cmd;
            }
            if (cmd != null && cmd.hasSubcommands() && argv.length >= 2) {
                cmd = CommandTable.lookupSub(cmd, argv[1]);
            }
        }
        String refusal = refusal(run, cmd, argv);
        if (refusal != null) {
            server.stats().error(refusal.startsWith("-") ? prefix(refusal.substring(1)) : "ERR");
            if (cmd != null) {
                cmd.rejectedCalls++;
            }
            LuaTable t = LuaReplies.errorTable(refusal);
            t.rawset(IGNORE_STATS, Boolean.TRUE);
            return t;
        }
        if (cmd.is(Flags.WRITE)) {
            run.wrote(true);
        }
        client.protocolVersion(run.resp());
        ByteBuf out = client.reply().target();
        int mark = out.writerIndex();
        server.dispatcher().callFromScript(client, cmd, argv, run.replTargets());
        ByteBuf buf = client.reply().target();
        Object value = LuaReplies.toLua(buf, buf == out ? mark : 0);
        buf.clear();
        if (buf.capacity() > 1 << 20) {
            client.flush();
            client.beginBatch();
        }
        return value;
    }

    /** The command name bytes of the last call and the command they named (a script's name is one constant). */
    private byte[] lastName;
    private Command lastCommand;

    private static final LuaString IGNORE_STATS = LuaString.of("ignore_error_stats_update");

    private static String prefix(String error) {
        int space = error.indexOf(' ');
        return space < 0 ? error : error.substring(0, space);
    }

    /** Why {@code cmd} may not run for this script, as the error Redis gives, or null. */
    private String refusal(ScriptRun run, Command cmd, byte[][] argv) {
        if (cmd == null) {
            return "Unknown Redis command called from script";
        }
        if (!cmd.arityOk(argv.length)) {
            return "Wrong number of args calling Redis command from script";
        }
        if (cmd.is(Flags.NOSCRIPT) && server.scripting().noscriptCheck()) {
            return "This Redis command is not allowed from script";
        }
        if (server.replicaOf().active() && !server.replicaOf().linkUp() && !server.config().replicaServeStaleData
                && !cmd.is(Flags.STALE)) {
            return "Can not execute the command on a stale replica";
        }
        if (run.readOnly() && (cmd.is(Flags.WRITE) || cmd.is(Flags.MAY_REPLICATE))) {
            return "Write commands are not allowed from read-only scripts.";
        }
        boolean obey = !run.caller().connection().network();
        if (cmd.is(Flags.WRITE) && !run.wrote()) {
            if (server.replicaOf().active() && server.config().replicaReadOnly && !obey) {
                return "-" + Dispatcher.READONLY;
            }
            if (server.rdb().refusesWrites()) {
                return "-" + Dispatcher.MISCONF;
            }
            String aof = server.aof().writeRefusal();
            if (aof != null) {
                return "-" + aof;
            }
            if (!server.replication().enoughGoodReplicas()) {
                return "-" + Dispatcher.NOREPLICAS;
            }
        }
        if (!run.has(ScriptFlags.ALLOW_OOM) && server.config().maxmemory > 0 && !obey && !run.wrote()
                && run.oomAtStart() && cmd.is(Flags.DENYOOM)) {
            return "-" + Dispatcher.OOM;
        }
        return null;
    }

    /** {@code redis.acl_check_cmd}: whether {@code argv} names a command. */
    public boolean knows(byte[][] argv) {
        Command cmd = server.commands().lookup(argv[0]);
        if (cmd != null && cmd.hasSubcommands() && argv.length >= 2) {
            cmd = CommandTable.lookupSub(cmd, argv[1]);
        }
        return cmd != null;
    }
}
