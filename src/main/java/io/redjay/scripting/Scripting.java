package io.redjay.scripting;

import io.redjay.config.Config;
import io.redjay.protocol.ReplyWriter;
import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaCompiler;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaInterrupt;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaOps;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.lib.MathLib;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Server-side Lua: the EVAL interpreter and its script cache, and the run of any script (EVAL or FCALL) from start
 * to reply, with Redis 7.0's rules ({@code eval.c}, {@code script.c}, {@code script_lua.c}).
 *
 * <p><b>One interpreter, one run at a time.</b> Scripts run on the executor, to completion, so a script is atomic:
 * nothing else touches the dataset while it runs. EVAL bodies are compiled once into the cache, keyed by their SHA1,
 * so EVALSHA (and EVAL of a known body) only looks the function up. {@code SCRIPT FLUSH} replaces the interpreter
 * with a fresh one, as Redis does, dropping every compiled script.
 *
 * <p><b>Busy scripts.</b> Every 100,000 interpreter steps the hook looks at the clock. Past
 * {@code busy-reply-threshold} the run is "timed out": the slow-script line is logged, the calling client is held,
 * and from then on each hook lets the server serve other clients, who get {@code -BUSY} for anything but
 * {@code SCRIPT KILL}, {@code FUNCTION KILL}, {@code SHUTDOWN NOSAVE} and the other commands flagged
 * {@code allow_busy}. A kill sets a flag the next hook turns into an error that {@code pcall} cannot catch; a script
 * that has written cannot be killed ({@code -UNKILLABLE}), since stopping it halfway would leave half its effects.
 *
 * <p><b>Errors.</b> A Lua error leaving the script becomes Redis's reply: a string error gets the {@code ERR} code,
 * an error table (what {@code redis.call} raises) keeps its own, and both get " script: NAME, on @SOURCE:LINE."
 * with the line the script was executing, as Redis's error handler appends it.
 */
public final class Scripting {
    /**
     * Interpreter steps (loop iterations and calls) between two looks at the clock. A step is coarser than one of
     * C Lua's instructions, and may include a command, so this is well below Redis's 100,000 instructions.
     */
    static final int HOOK_PERIOD = 1_000;

    /** While busy, the event loop is turned at most this often (nanoseconds). */
    static final long TURN_INTERVAL = 1_000_000;

    static final String BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
            + "SHUTDOWN NOSAVE.";
    static final String BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
            + "SHUTDOWN NOSAVE.";
    private static final LuaString KEYS = LuaString.of("KEYS");
    private static final LuaString ARGV = LuaString.of("ARGV");

    /** A cached EVAL script: its body as sent, the flags of its shebang, and the compiled function. */
    public record EvalScript(String sha, byte[] body, int flags, LuaFunction function) {
    }

    private final ScriptHost host;
    private final Config config;
    private final RedisApi api = new RedisApi(this);
    private final MathLib.Rand48 random = new MathLib.Rand48();
    private LuaState eval;
    private final Map<String, EvalScript> scripts = new HashMap<>();
    private long scriptBytes;
    private ScriptRun current;
    private long lastTurn;
    private final LuaState.Hook hook = this::hook;
    private final FunctionLibraries functions;

    public Scripting(ScriptHost host, Config config) {
        this.host = host;
        this.config = config;
        this.functions = new FunctionLibraries(new LuaFunctionEngine(new RedisApi(this), random));
    }

    /** The registry of Redis 7.0 function libraries (FUNCTION, FCALL), with the interpreter they run in. */
    public FunctionLibraries functions() {
        return functions;
    }

    ScriptHost host() {
        return host;
    }

    /** The run in progress, or null. */
    public ScriptRun current() {
        return current;
    }

    /** Whether a script has run past {@code busy-reply-threshold} and other clients are being answered BUSY. */
    public boolean busy() {
        return current != null && current.timedOut();
    }

    /**
     * Whether commands flagged {@code noscript} are refused inside scripts (on, except after DEBUG
     * SET-DISABLE-DENY-SCRIPTS 1, which Redis's tests use to let a script poll CLIENT LIST).
     */
    public boolean noscriptCheck() {
        return noscriptCheck;
    }

    public void noscriptCheck(boolean on) {
        noscriptCheck = on;
    }

    private boolean noscriptCheck = true;

    /** The BUSY error for the script that is running (its text names the KILL that applies). */
    public String busyError() {
        return current != null && !current.eval() ? BUSY_FUNCTION : BUSY_EVAL;
    }

    private LuaState evalState() {
        if (eval == null) {
            eval = LuaSandbox.evalState(api, random);
        }
        return eval;
    }

    // ---------------------------------------------------------------- the script cache

    /** The cached script whose SHA1 is {@code sha} (any case), or null. */
    public EvalScript find(byte[] sha) {
        if (sha.length != 40) {
            return null;
        }
        EvalScript last = lastFound;
        if (last != null && sameSha(last.sha(), sha)) {
            return last; // EVALSHA of one script over and over: the dispatcher and the handler both look it up
        }
        EvalScript s = scripts.get(new String(sha, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT));
        if (s != null) {
            lastFound = s;
        }
        return s;
    }

    /** Whether {@code sha} (any case) spells the lower-case hex {@code known}. */
    private static boolean sameSha(String known, byte[] sha) {
        for (int i = 0; i < 40; i++) {
            int c = sha[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (known.charAt(i) != c) {
                return false;
            }
        }
        return true;
    }

    private EvalScript lastFound;

    /** The cached script for {@code body}, compiled and cached first when new ({@code luaCreateFunction}). */
    public EvalScript create(byte[] body) {
        String sha = RedisApi.sha1Hex(body);
        EvalScript known = scripts.get(sha);
        if (known != null) {
            return known;
        }
        ScriptFlags.Shebang shebang = ScriptFlags.parseShebang(body);
        LuaState L = evalState();
        LuaFunction fn;
        try {
            fn = LuaCompiler.load(L, LuaString.of(body, shebang.codeStart(), body.length), "user_script",
                    L.globals());
        } catch (LuaError e) {
            throw new ScriptException("ERR Error compiling script (new function): " + messageOf(e.value()));
        }
        EvalScript s = new EvalScript(sha, body, shebang.flags(), fn);
        scripts.put(sha, s);
        scriptBytes += body.length + 40;
        return s;
    }

    /**
     * The flags of the script the command {@code command} (eval, evalsha, fcall ... by name) would run with
     * {@code arg} as its first argument; {@link ScriptFlags#EVAL_COMPAT} when they cannot be known beforehand.
     */
    public int commandScriptFlags(String command, byte[] arg) {
        return switch (command) {
            case "eval", "eval_ro" -> flagsOf(arg, false);
            case "evalsha", "evalsha_ro" -> flagsOf(arg, true);
            case "fcall", "fcall_ro" -> functions.flagsOf(arg);
            default -> ScriptFlags.EVAL_COMPAT;
        };
    }

    /** The flags of the script an EVAL/EVALSHA names, when known without running it (for the dispatcher). */
    public int flagsOf(byte[] scriptOrSha, boolean sha) {
        if (sha) {
            EvalScript s = find(scriptOrSha);
            return s == null ? ScriptFlags.EVAL_COMPAT : s.flags();
        }
        EvalScript s = scripts.get(RedisApi.sha1Hex(scriptOrSha));
        if (s != null) {
            return s.flags();
        }
        try {
            return ScriptFlags.parseShebang(scriptOrSha).flags();
        } catch (ScriptException e) {
            return ScriptFlags.EVAL_COMPAT;
        }
    }

    public boolean exists(byte[] sha) {
        return find(sha) != null;
    }

    public int cachedScripts() {
        return scripts.size();
    }

    /** What the cache holds, as INFO's {@code used_memory_scripts_eval} reports it. */
    public long cacheBytes() {
        return scriptBytes + scripts.size() * 64L;
    }

    /** {@code SCRIPT FLUSH}: every script forgotten and a fresh interpreter. */
    public void flush() {
        scripts.clear();
        lastFound = null;
        scriptBytes = 0;
        eval = null;
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs a cached EVAL script with its KEYS and ARGV, writing its reply to {@code out}. Returns true when the
     * reply is an error already counted where it arose.
     */
    public boolean runEval(ScriptRun run, EvalScript script, byte[][] keys, byte[][] args) {
        LuaState L = evalState();
        LuaSandbox.setLocked(L.globals(), KEYS, array(keys));
        LuaSandbox.setLocked(L.globals(), ARGV, array(args));
        return run(run, L, script.function(), Lua.NONE);
    }

    /** A Lua array of byte strings (KEYS, ARGV). */
    public static LuaTable array(byte[][] items) {
        LuaTable t = new LuaTable(items.length, 0);
        for (int i = 0; i < items.length; i++) {
            t.rawset(i + 1, LuaString.wrap(items[i]));
        }
        return t;
    }

    /**
     * Runs {@code fn(args)} in {@code L} as {@code run}, and writes its result (or its error) as the caller's reply.
     * The caller's writer is taken only once the script is over: while a busy script serves other clients, the
     * caller's pending output may be flushed and its buffer replaced. Returns true when the reply is an error
     * already counted where it arose.
     */
    public boolean run(ScriptRun run, LuaState L, LuaFunction fn, Object[] args) {
        current = run;
        host.prepare(run);
        long threshold = config.luaTimeLimit;
        if (threshold > 0) {
            L.hook(hook, HOOK_PERIOD);
        }
        try {
            Object[] results = L.call(fn, args);
            return LuaReplies.write(run.caller().reply(), results.length == 0 ? null : results[0], run.resp());
        } catch (LuaError e) {
            return writeError(run.caller().reply(), run, e);
        } catch (LuaInterrupt e) {
            L.resetStack();
            run.caller().reply().error(e.getMessage());
            return false;
        } catch (StackOverflowError e) {
            L.resetStack();
            run.caller().reply().error("ERR Error running script " + run.name() + ", stack overflow");
            return false;
        } finally {
            L.hook(null, 0);
            L.closeCoroutines();
            current = null;
            host.finish(run);
            if (run.timedOut()) {
                host.busyEnded(run);
            }
        }
    }

    /** The error reply for a Lua error that ended a script ({@code __redis__err__handler} + luaCallFunction). */
    private boolean writeError(ReplyWriter out, ScriptRun run, LuaError e) {
        Object v = e.value();
        String msg;
        boolean counted = false;
        if (v instanceof LuaTable t) {
            Object err = t.rawget(LuaReplies.ERR);
            msg = err instanceof LuaString s ? s.toString()
                    : err instanceof Double d ? LuaNumbers.toString(d) : "ERR unknown error";
            counted = Lua.truthy(t.rawget(LuaReplies.IGNORE_STATS));
        } else {
            msg = "ERR " + messageOf(v);
        }
        if (e.line() >= 0 && e.source() != null) {
            msg = msg + " script: " + run.name() + ", on " + e.source() + ":" + e.line() + ".";
        }
        if (counted) {
            out.errorUncounted(msg);
        } else {
            out.error(msg);
        }
        return counted;
    }

    /** {@code tostring} of an error value, without metamethods. */
    static String messageOf(Object v) {
        return LuaOps.rawTostring(v).toString();
    }

    /** The instruction hook: busy detection, serving others while busy, and kills. */
    private void hook(LuaState L) {
        ScriptRun run = current;
        if (run == null) {
            return;
        }
        if (!run.timedOut()) {
            long elapsed = run.elapsedMillis();
            if (elapsed < config.luaTimeLimit) {
                return;
            }
            host.log(3, "Slow script detected: still in execution after " + elapsed + " milliseconds. You can try "
                    + "killing the script using the " + (run.eval() ? "SCRIPT KILL" : "FUNCTION KILL")
                    + " command. Script name is: " + run.name() + ".");
            run.timedOut(true);
            host.busyStarted(run);
        }
        long now = System.nanoTime();
        if (run.eventsAllowed() && L.runningCoroutine() == null && now - lastTurn >= TURN_INTERVAL) {
            lastTurn = now;
            host.processEventsWhileBusy();
        }
        if (run.killed()) {
            host.log(3, "Lua script killed by user with SCRIPT KILL.");
            throw new LuaInterrupt("ERR Script killed by user with SCRIPT KILL..." + location(L, run));
        }
        if (host.shuttingDownNow()) {
            throw new LuaInterrupt("ERR Server is shutting down" + location(L, run));
        }
    }

    private static String location(LuaState L, ScriptRun run) {
        String source = L.currentSource();
        return source == null ? "" : " script: " + run.name() + ", on " + source + ":" + L.currentLine() + ".";
    }

    /**
     * {@code SCRIPT KILL} ({@code eval}) or {@code FUNCTION KILL}: null when the running script will stop, else the
     * error to reply ({@code scriptKill}).
     */
    public String kill(boolean byEval) {
        ScriptRun run = current;
        if (run == null) {
            return "NOTBUSY No scripts in execution right now.";
        }
        if (!run.caller().connection().network()) {
            return "UNKILLABLE The busy script was sent by a master instance in the context of replication and "
                    + "cannot be killed.";
        }
        if (run.wrote()) {
            return "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either "
                    + "wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE "
                    + "command.";
        }
        if (byEval && !run.eval()) {
            return BUSY_FUNCTION;
        }
        if (!byEval && run.eval()) {
            return BUSY_EVAL;
        }
        run.kill();
        return null;
    }
}
