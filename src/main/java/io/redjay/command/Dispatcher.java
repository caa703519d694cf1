package io.redjay.command;

import io.netty.buffer.ByteBuf;
import io.redjay.client.Client;
import io.redjay.keyspace.Keyspace;
import io.redjay.protocol.ReplyWriter;
import io.redjay.scripting.ScriptFlags;
import io.redjay.transaction.QueuedCommand;
import io.redjay.transaction.TransactionState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one request: looks the command up in the table, applies every check that the table's declaration implies
 * (existence, subcommand, arity, authentication) with Redis's exact error texts, executes it, and accounts for it
 * (commandstats, errorstats, slowlog, latency, MONITOR). Checks live here and nowhere else, so every command gets them
 * the same way.
 */
public final class Dispatcher {
    private final ServerView server;
    private final CommandTable table;
    private final Keyspace keyspace;
    private final List<Client> monitors = new ArrayList<>();
    private static final byte[] QUEUED = "+QUEUED\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String EXECABORT_PREFIX = "EXECABORT Transaction discarded because of: ";
    private final Propagator propagator;
    private CommandContext[] contexts = new CommandContext[4];
    private int depth;
    /** Where the running command may propagate: everywhere, except for a script's calls after redis.set_repl. */
    private int propagationMask = Propagator.ALL;

    public Dispatcher(ServerView server) {
        this.server = server;
        this.table = server.commands();
        this.keyspace = server.keyspace();
        this.propagator = server.propagator();
    }

    public void execute(Client c, byte[][] argv) {
        long now = keyspace.updateTime();
        c.touch(now);
        Command cmd = table.lookup(argv[0]);
        if (cmd == null) {
            reject(c, null, unknownCommand(argv));
            return;
        }
        if (cmd.hasSubcommands() && argv.length >= 2) {
            Command sub = CommandTable.lookupSub(cmd, argv[1]);
            if (sub == null) {
                reject(c, null, "ERR unknown subcommand '" + Text.latin1(argv[1], 128) + "'. Try "
                        + Text.latin1(argv[0], Integer.MAX_VALUE).toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return;
            }
            cmd = sub;
        }
        if (!cmd.arityOk(argv.length)) {
            reject(c, cmd, "ERR wrong number of arguments for '" + cmd.fullName() + "' command");
            return;
        }
        if (c.replica() && !c.monitor() && !cmd.name().equals("replconf")) {
            dropReplicaThatWantsAReply(c, cmd);
            return;
        }
        if (!c.authenticated() && !cmd.is(Flags.NO_AUTH)) {
            reject(c, cmd, "NOAUTH Authentication required.");
            return;
        }
        if (cmd.is(Flags.NO_MULTI) && c.transaction().inMulti()) {
            reject(c, cmd, "ERR Command not allowed inside a transaction");
            return;
        }
        long flags = cmd.is(Flags.RUNS_SCRIPT) ? scriptCommandFlags(cmd, argv) : cmd.flags();
        boolean loading = server.rdb().loading().active();
        if (!loading && server.memory().refuses(c, flags)) {
            reject(c, cmd, OOM);
            return;
        }
        boolean write = isWrite(c, flags);
        if (server.rdb().refusesWrites() && (write || cmd.name().equals("ping"))) {
            reject(c, cmd, MISCONF);
            return;
        }
        String aofRefusal = server.aof().writeRefusal();
        if (aofRefusal != null && (write || cmd.name().equals("ping"))) {
            reject(c, cmd, aofRefusal);
            return;
        }
        if (server.replicaOf().active() && server.config().replicaReadOnly && c.connection().network() && write) {
            reject(c, cmd, READONLY);
            return;
        }
        if (server.replicaOf().active() && !server.replicaOf().linkUp() && !server.config().replicaServeStaleData
                && c.connection().network() && deniedWhileStale(c, flags)) {
            reject(c, cmd, MASTERDOWN);
            return;
        }
        if (!server.replication().enoughGoodReplicas() && write) {
            reject(c, cmd, NOREPLICAS);
            return;
        }
        if (c.subscribed() && c.protocolVersion() == 2 && !cmd.is(Flags.SUBSCRIBED_OK)) {
            reject(c, cmd, "ERR Can't execute '" + cmd.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (loading && deniedWhileLoading(c, flags)) {
            reject(c, cmd, LOADING);
            return;
        }
        if (cmd.is(Flags.NO_ASYNC_LOADING) && server.rdb().asyncLoading()) {
            reject(c, cmd, LOADING); // a replica swapping in a new dataset serves reads, not these
            return;
        }
        if (server.scripting().busy() && !cmd.is(Flags.ALLOW_BUSY)) {
            reject(c, cmd, server.scripting().busyError());
            return;
        }
        if (server.holdIfPaused(c, pauseSubject(c, cmd, flags), argv)) {
            return;
        }
        if (c.transaction().inMulti() && !cmd.is(Flags.NOT_QUEUED)) {
            c.transaction().queue(argv, flags);
            c.reply().raw(QUEUED);
            return;
        }
        if ((flags & (Flags.RUNS_SCRIPT | Flags.TRANSACTION_EXEC)) != 0 && server.deferFromIo(c, argv)) {
            return; // a script must not start inside a read callback: it could not serve others if it got busy
        }
        call(c, cmd, argv);
        server.blocking().serveReady();
    }

    /**
     * Applies one command of a replayed stream (the AOF at start-up, the link to a master): the command is looked up
     * and its arity checked, MULTI/EXEC queue as for any client, but authentication, pauses and the pub/sub context
     * do not apply, and the stream client's replies go nowhere. Returns null, or the error that stopped the command
     * from running (an unknown command, a wrong argument count), which the replaying side reports.
     */
    public String replay(Client c, byte[][] argv) {
        keyspace.updateTime();
        Command cmd = table.lookup(argv[0]);
        if (cmd != null && cmd.hasSubcommands() && argv.length >= 2) {
            cmd = CommandTable.lookupSub(cmd, argv[1]);
        }
        if (cmd == null) {
            return unknownCommand(argv);
        }
        if (!cmd.arityOk(argv.length)) {
            return "ERR wrong number of arguments for '" + cmd.fullName() + "' command";
        }
        if (c.transaction().inMulti() && !cmd.is(Flags.NOT_QUEUED)) {
            c.transaction().queue(argv, cmd.flags());
            return null;
        }
        long errorsBefore = c.writer().errorsWritten();
        call(c, cmd, argv);
        server.blocking().serveReady();
        return c.writer().errorsWritten() > errorsBefore ? c.writer().lastError() : null;
    }

    /** Redis's {@code shared.masterdownerr}. */
    public static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set "
            + "to 'no'.";

    /** Redis's {@code shared.roslaveerr}. */
    public static final String READONLY = "READONLY You can't write against a read only replica.";

    /** Redis's {@code shared.noreplicaserr}. */
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";

    /** Redis's {@code shared.bgsaveerr}. */
    public static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently "
            + "unable to persist to disk. Commands that may modify the data set are disabled, because this instance "
            + "is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";

    /** A write, or an EXEC that will run one (Redis judges EXEC by what it queued). */
    private static boolean isWrite(Client c, long flags) {
        return (flags & Flags.WRITE) != 0
                || ((flags & Flags.TRANSACTION_EXEC) != 0 && (c.transaction().queuedFlags() & Flags.WRITE) != 0);
    }

    /** Only commands flagged {@code stale} run on a stale replica; EXEC only if everything it queued is. */
    private static boolean deniedWhileStale(Client c, long flags) {
        return (flags & Flags.STALE) == 0 || ((flags & Flags.TRANSACTION_EXEC) != 0
                && (c.transaction().queuedMissingFlags() & Flags.STALE) != 0);
    }

    /**
     * The flags EVAL, EVALSHA and FCALL are judged by: a script that declares its flags (a shebang, a function's
     * {@code flags}) replaces the command's write, deny-OOM and stale flags with what it declared, as Redis's
     * {@code scriptFlagsToCmdFlags} does; a script without declared flags keeps the command's own.
     */
    private long scriptCommandFlags(Command cmd, byte[][] argv) {
        if (argv.length < 2) {
            return cmd.flags();
        }
        int scriptFlags = server.scripting().commandScriptFlags(cmd.name(), argv[1]);
        if ((scriptFlags & ScriptFlags.EVAL_COMPAT) != 0) {
            return cmd.flags();
        }
        long f = cmd.flags() & ~(Flags.STALE | Flags.DENYOOM | Flags.WRITE | Flags.MAY_REPLICATE);
        if ((scriptFlags & (ScriptFlags.ALLOW_OOM | ScriptFlags.NO_WRITES))
                == 0) {
            f |= Flags.DENYOOM;
        }
        if ((scriptFlags & ScriptFlags.NO_WRITES) == 0) {
            f |= Flags.WRITE;
        }
        if ((scriptFlags & ScriptFlags.ALLOW_STALE) != 0) {
            f |= Flags.STALE;
        }
        return f;
    }

    /** Redis's {@code shared.loadingerr}. */
    public static final String LOADING = "LOADING Redis is loading the dataset in memory";

    /** Only commands flagged {@code loading} run during a load; EXEC only if everything it queued is. */
    private static boolean deniedWhileLoading(Client c, long flags) {
        return (flags & Flags.LOADING) == 0 || ((flags & Flags.TRANSACTION_EXEC) != 0
                && (c.transaction().queuedMissingFlags() & Flags.LOADING) != 0);
    }

    /**
     * Room made in the reply buffer before a command runs: a write's reply (or the OOM error) then never needs an
     * allocation after the write happened, so a heap that runs out mid-command can only refuse a command that has
     * not changed anything yet, never answer OOM to one that did.
     */
    private static final int REPLY_HEADROOM = 128;

    /** Redis's {@code shared.oomerr}. */
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /**
     * Executes an already validated command and accounts for it, then hands what it changed to the propagator: the
     * command itself (in the form its handler chose) when the dirty counter moved, after whatever the handler and lazy
     * expiry added on the way. A {@link CommandError} raised by the handler replaces whatever part of its reply it had
     * written, so a client never receives half a reply followed by an error. Calls nest (EXEC, blocked-command
     * retries); the pending stream is flushed when the outermost call ends, so a transaction goes out as one
     * MULTI/EXEC block.
     */
    public void call(Client c, Command cmd, byte[][] argv) {
        ReplyWriter w = c.reply();
        boolean suppress = c.repliesSuppressed();
        ByteBuf out = w.target();
        int mark = out.writerIndex();
        long errorsBefore = w.errorsWritten();
        long uncountedBefore = w.uncountedErrors();
        long dirtyBefore = keyspace.dirty();
        keyspace.noTouch(c.noTouch() && !cmd.is(Flags.KEEPS_NO_TOUCH));
        CommandContext ctx = enter(c, cmd, argv);
        long t0 = System.nanoTime();
        try {
            out.ensureWritable(REPLY_HEADROOM);
            cmd.handler.execute(ctx);
        } catch (CommandError e) {
            discardPartialReply(c, out, mark);
            c.reply().error(e.getMessage());
        } catch (OutOfMemoryError e) {
            server.memory().exhausted(e, cmd.fullName());
            discardPartialReply(c, out, mark);
            c.reply().error(OOM);
        } finally {
            depth--;
            keyspace.settleCharges();
        }
        long micros = (System.nanoTime() - t0) / 1000;
        keyspace.noTouch(false);
        c.lastCommand(cmd.fullName());
        cmd.calls++;
        cmd.microseconds += micros;
        if (server.config().latencyTracking) {
            cmd.recordLatency(micros);
        }
        server.stats().totalCommandsProcessed++;
        if (w.errorsWritten() != errorsBefore) {
            cmd.failedCalls++;
            server.stats().error(w.lastErrorPrefix());
        } else if (w.uncountedErrors() != uncountedBefore) {
            cmd.failedCalls++;
        }
        propagate(ctx, cmd, keyspace.dirty() != dirtyBefore);
        ctx.end();
        boolean pushed = c.takePushing();
        if (suppress && c.repliesSuppressed() && !c.closed()) {
            if (!pushed) {
                discardPartialReply(c, out, mark); // a busy script may have had the buffer flushed and replaced
            }
            if (c.skipNextReply() && !cmd.is(Flags.REPLY_CONTROL)) {
                c.skipNextReply(false);
            }
        }
        if (!cmd.is(Flags.SKIP_SLOWLOG)) {
            server.slowLog().record(c, argv, micros, server.config());
        }
        server.latency().record(cmd.is(Flags.FAST) ? "fast-command" : "command", micros / 1000, server.config());
        if (!monitors.isEmpty() && !cmd.is(Flags.SKIP_MONITOR) && !cmd.is(Flags.ADMIN)) {
            feedMonitors(c, argv);
        }
        if (depth == 0) {
            propagator.flush(!cmd.is(Flags.TOUCHES_ARBITRARY_KEYS));
            c.replicationOffset(server.replication().offset());
        }
    }

    private static void discardPartialReply(Client c, ByteBuf out, int mark) {
        if (c.reply().target() == out && out.writerIndex() > mark) {
            out.writerIndex(mark);
        }
    }

    private CommandContext enter(Client c, Command cmd, byte[][] argv) {
        if (depth == contexts.length) {
            contexts = java.util.Arrays.copyOf(contexts, depth * 2);
        }
        CommandContext ctx = contexts[depth];
        if (ctx == null) {
            ctx = new CommandContext(server);
            contexts[depth] = ctx;
        }
        depth++;
        ctx.begin(c, cmd, argv);
        return ctx;
    }

    /**
     * Runs a command a script called ({@code redis.call}), propagated only to {@code targets}
     * ({@code redis.set_repl}); everything else is as for any call.
     */
    public void callFromScript(Client c, Command cmd, byte[][] argv, int targets) {
        int saved = propagationMask;
        propagationMask = targets;
        try {
            call(c, cmd, argv);
        } finally {
            propagationMask = saved;
        }
    }

    /** Shows a command to MONITOR clients now (EVAL shows itself before the commands its script runs). */
    public void monitorNow(Client c, byte[][] argv) {
        if (!monitors.isEmpty()) {
            feedMonitors(c, argv);
        }
    }

    /** Redis's rule in {@code call()}: EXEC is never propagated itself; a prevented command only through extras. */
    private void propagate(CommandContext ctx, Command cmd, boolean changed) {
        int targets = ((changed ? Propagator.ALL : 0) | ctx.forced()) & propagationMask;
        if (targets == 0 || ctx.prevented() || cmd.is(Flags.TRANSACTION_EXEC)) {
            return;
        }
        propagator.add(ctx.db().id(), ctx.propagatedForm(), targets);
    }

    /** Whether a command is running (lazy expiry inside it propagates with it; outside, it is flushed at once). */
    public boolean inCommand() {
        return depth > 0;
    }

    private void reject(Client c, Command cmd, String error) {
        error = rejected(c, cmd, error);
        ReplyWriter w = c.reply();
        w.error(error);
        server.stats().error(w.lastErrorPrefix());
        if (cmd != null) {
            cmd.rejectedCalls++;
        }
    }

    /**
     * The command whose flags decide whether CLIENT PAUSE WRITE holds {@code cmd}: for EXEC that is the transaction's
     * first queued write, as Redis judges EXEC by the commands it will run; otherwise the command itself.
     */
    private static long pauseSubject(Client c, Command cmd, long flags) {
        if (!cmd.is(Flags.TRANSACTION_EXEC) || !c.transaction().inMulti()) {
            return flags;
        }
        for (QueuedCommand q : c.transaction().queued()) {
            if ((q.flags() & (Flags.WRITE | Flags.MAY_REPLICATE)) != 0) {
                return q.flags();
            }
        }
        return flags;
    }

    /**
     * A command was rejected before running (unknown, arity, authentication, ...): inside MULTI that dooms the
     * transaction. A rejected EXEC ends it at once, its error wrapped in an EXECABORT (Redis wraps the bare message,
     * without the {@code ERR} code it would otherwise get). Returns the error to reply.
     */
    private String rejected(Client c, Command cmd, String error) {
        TransactionState t = c.transaction();
        if (cmd != null && cmd.is(Flags.TRANSACTION_EXEC)) {
            server.watches().discard(c);
            return EXECABORT_PREFIX + (error.startsWith("ERR ") ? error.substring(4) : error);
        }
        t.flagRejected();
        return error;
    }

    /** The command (or subcommand) of an argument vector that was validated when it was queued. */
    public Command resolve(byte[][] argv) {
        Command cmd = table.lookup(argv[0]);
        return cmd.hasSubcommands() && argv.length >= 2 ? CommandTable.lookupSub(cmd, argv[1]) : cmd;
    }

    static String unknownCommand(byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length();
            args.append('\'').append(Text.latin1(argv[i], room)).append("' ");
        }
        return "ERR unknown command '" + Text.latin1(argv[0], 128) + "', with args beginning with: " + args;
    }

    // ---------------------------------------------------------------- MONITOR

    public void addMonitor(Client c) {
        if (!monitors.contains(c)) {
            monitors.add(c);
        }
    }

    private void feedMonitors(Client source, byte[][] argv) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        StringBuilder sb = new StringBuilder();
        sb.append('+').append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000));
        sb.append(" [").append(source.db().id()).append(' ').append(source.connection().remoteAddress()).append(']');
        for (byte[] a : argv) {
            sb.append(" \"").append(Text.escapeForMonitor(a)).append('"');
        }
        sb.append("\r\n");
        byte[] line = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (Client m : monitors) {
            m.reply().raw(line);
        }
    }

    /**
     * A replica's connection carries the replication stream: a reply to anything but REPLCONF would land in the
     * middle of it, so the replica is disconnected instead, with Redis's log lines (a command touching the keyspace
     * is refused first, as Redis refuses it).
     */
    private void dropReplicaThatWantsAReply(Client c, Command cmd) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("redjay");
        if (cmd.is(Flags.READONLY) || cmd.is(Flags.WRITE) || cmd.is(Flags.MAY_REPLICATE)) {
            log.warn("== CRITICAL == This master is sending an error to its replica: 'Replica can't interact with "
                    + "the keyspace' after processing the command '{}'", cmd.fullName());
        }
        log.warn("Replica generated a reply to command '{}', disconnecting it: {}", cmd.fullName(),
                c.host().clientMemory().describe(c));
        c.kill();
    }

    public void clientGone(Client c) {
        monitors.remove(c);
    }

    /** RESET leaves MONITOR mode (and, later, MULTI, subscriptions, tracking). */
    public void clientReset(Client c) {
        monitors.remove(c);
        c.monitor(false);
    }

    /** Whether the idle timeout applies to this client (not to monitors, subscribers, blocked clients). */
    public boolean mayTimeOut(Client c) {
        return !c.monitor() && !server.blocking().isBlocked(c) && !c.subscribed();
    }
}
