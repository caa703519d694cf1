package io.redjay.command.scripting;

import io.redjay.client.Client;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Dispatcher;
import io.redjay.command.Help;
import io.redjay.command.KeyFinder;
import io.redjay.command.ServerView;
import io.redjay.command.Text;
import io.redjay.scripting.ScriptException;
import io.redjay.scripting.ScriptFlags;
import io.redjay.scripting.ScriptRun;
import io.redjay.scripting.Scripting;

import java.util.Arrays;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT ({@code eval.c}).
 *
 * <p>An EVAL is never propagated itself: the commands its script runs are, each by its own nested call, and the
 * dispatcher wraps them in MULTI/EXEC when there is more than one (Redis 7.0's effects replication). So a replica
 * or an AOF never runs the script, and a script's non-determinism (time, random numbers, set order) cannot make a
 * replica differ. EVAL shows itself to MONITOR before the commands of its script, as Redis feeds it explicitly.
 *
 * <p>Before a script runs, the checks that depend on its declared flags apply (Redis's {@code scriptPrepareForRun}):
 * a script that may write is refused on a read-only replica, after a disk error, through an {@code _RO} command,
 * without enough good replicas, or over {@code maxmemory} unless it allows OOM; a replica whose link is down and
 * which does not serve stale data refuses scripts not flagged {@code allow-stale}.
 */
public final class ScriptingCommands {
    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

    private ScriptingCommands() {
    }

    /** The keys of EVAL/EVALSHA/FCALL: the {@code numkeys} arguments after the count. */
    static int[] scriptKeys(byte[][] argv) {
        return KeyFinder.afterNumkeys(argv, 2);
    }

    // EVAL script numkeys [key [key ...]] [arg [arg ...]]
    static void eval(CommandContext ctx) {
        evalGeneric(ctx, false, false);
    }

    // EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]
    static void evalsha(CommandContext ctx) {
        evalGeneric(ctx, true, false);
    }

    // EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]
    static void evalRo(CommandContext ctx) {
        evalGeneric(ctx, false, true);
    }

    // EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]
    static void evalshaRo(CommandContext ctx) {
        evalGeneric(ctx, true, true);
    }

    private static void evalGeneric(CommandContext ctx, boolean bySha, boolean ro) {
        ServerView server = ctx.server();
        server.dispatcher().monitorNow(ctx.client(), ctx.argv());
        ctx.preventPropagation();
        if (bySha && ctx.arg(1).length != 40) {
            throw CommandError.of(NOSCRIPT);
        }
        int numkeys = numkeys(ctx);
        Scripting scripting = server.scripting();
        Scripting.EvalScript script;
        if (bySha) {
            script = scripting.find(ctx.arg(1));
            if (script == null) {
                throw CommandError.of(NOSCRIPT);
            }
        } else {
            try {
                script = scripting.create(ctx.arg(1));
            } catch (ScriptException e) {
                throw CommandError.of(e.getMessage());
            }
        }
        ScriptRun run = prepare(ctx, script.sha(), true, script.flags(), ro);
        byte[][] argv = ctx.argv();
        byte[][] keys = Arrays.copyOfRange(argv, 3, 3 + numkeys);
        byte[][] args = Arrays.copyOfRange(argv, 3 + numkeys, argv.length);
        scripting.runEval(run, script, keys, args);
    }

    /** The {@code numkeys} argument of EVAL/FCALL, checked as Redis checks it. */
    static int numkeys(CommandContext ctx) {
        long numkeys = ctx.longArg(2);
        if (numkeys > ctx.argc() - 3) {
            throw CommandError.of("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw CommandError.of("ERR Number of keys can't be negative");
        }
        return (int) numkeys;
    }

    /**
     * Redis's {@code scriptPrepareForRun}: the checks a script's flags call for, then the run. Raises the error
     * to reply when the script may not run.
     */
    static ScriptRun prepare(CommandContext ctx, String name, boolean eval, int flags, boolean ro) {
        ServerView server = ctx.server();
        Client caller = ctx.client();
        boolean obey = !caller.connection().network();
        boolean stale = server.replicaOf().active() && !server.replicaOf().linkUp()
                && !server.config().replicaServeStaleData;
        boolean compat = (flags & ScriptFlags.EVAL_COMPAT) != 0;
        if (!compat) {
            if (stale && (flags & ScriptFlags.ALLOW_STALE) == 0) {
                throw CommandError.of("MASTERDOWN Link with MASTER is down, replica-serve-stale-data is set to 'no' "
                        + "and 'allow-stale' flag is not set on the script.");
            }
            if ((flags & ScriptFlags.NO_WRITES) == 0) {
                if (server.replicaOf().active() && server.config().replicaReadOnly && !obey) {
                    throw CommandError.of("READONLY Can not run script with write flag on readonly replica");
                }
                if (server.rdb().refusesWrites() && !obey) {
                    throw CommandError.of("MISCONF Redis is configured to save RDB snapshots, but it's currently "
                            + "unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for "
                            + "read only scripts.");
                }
                String aof = server.aof().writeRefusal();
                if (aof != null && !obey) {
                    int at = aof.indexOf("AOF error: ");
                    throw CommandError.of("MISCONF Redis is configured to persist data to AOF, but it's currently "
                            + "unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for "
                            + "read only scripts. " + (at < 0 ? "AOF error: unknown" : aof.substring(at)));
                }
                if (ro) {
                    throw CommandError.of("ERR Can not execute a script with write flag using *_ro command.");
                }
                if (!server.replicaOf().active() && !server.replication().enoughGoodReplicas()) {
                    throw CommandError.of(Dispatcher.NOREPLICAS);
                }
            }
            if (server.memory().overLimit() && server.config().maxmemory > 0
                    && (flags & (ScriptFlags.ALLOW_OOM | ScriptFlags.NO_WRITES)) == 0) {
                throw CommandError.of("OOM allow-oom flag is not set on the script, can not run it when used memory "
                        + "> 'maxmemory'");
            }
        } else if (stale) {
            throw CommandError.of(Dispatcher.MASTERDOWN);
        }
        boolean readOnly = ro || (!compat && (flags & ScriptFlags.NO_WRITES) != 0);
        return new ScriptRun(caller, name, eval, flags, readOnly,
                caller.connection().network() && !server.inReadCallback(), server.memory().overLimit());
    }

    // SCRIPT LOAD script
    static void scriptLoad(CommandContext ctx) {
        try {
            ctx.reply().bulk(ctx.server().scripting().create(ctx.arg(2)).sha());
        } catch (ScriptException e) {
            throw CommandError.of(e.getMessage());
        }
    }

    // SCRIPT EXISTS sha1 [sha1 ...]
    static void scriptExists(CommandContext ctx) {
        Scripting scripting = ctx.server().scripting();
        ctx.reply().array(ctx.argc() - 2);
        for (int i = 2; i < ctx.argc(); i++) {
            ctx.reply().integer(scripting.exists(ctx.arg(i)) ? 1 : 0);
        }
    }

    // SCRIPT FLUSH [ASYNC | SYNC]
    static void scriptFlush(CommandContext ctx) {
        if (ctx.argc() > 3 || (ctx.argc() == 3 && !Text.is(ctx.arg(2), "sync") && !Text.is(ctx.arg(2), "async"))) {
            throw CommandError.of("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        ctx.server().scripting().flush();
        ctx.reply().ok();
    }

    // SCRIPT KILL
    static void scriptKill(CommandContext ctx) {
        String error = ctx.server().scripting().kill(true);
        if (error != null) {
            throw CommandError.of(error);
        }
        ctx.reply().ok();
    }

    // SCRIPT DEBUG YES | SYNC | NO
    static void scriptDebug(CommandContext ctx) {
        if (Text.is(ctx.arg(2), "no")) {
            ctx.reply().ok();
        } else if (Text.is(ctx.arg(2), "yes") || Text.is(ctx.arg(2), "sync")) {
            throw CommandError.of("ERR The Lua debugger is not available in this server");
        } else {
            throw CommandError.of("ERR Use SCRIPT DEBUG YES/SYNC/NO");
        }
    }

    // SCRIPT HELP
    static void scriptHelp(CommandContext ctx) {
        Help.reply(ctx.client(), "SCRIPT",
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it.");
    }
}
