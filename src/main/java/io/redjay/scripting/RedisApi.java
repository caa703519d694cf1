package io.redjay.scripting;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code redis} table a script sees: {@code call} and {@code pcall}, the reply helpers, {@code log},
 * {@code setresp}, {@code set_repl}, {@code sha1hex} and the constants, with Redis 7.0's argument rules and error
 * texts ({@code script_lua.c}).
 *
 * <p>Errors of the API itself are raised the way Redis raises them: as error tables ({@code {err="ERR ..."}}), which
 * the script's caller receives with the script's name and line appended. {@code redis.pcall} returns the table
 * instead of raising it, and Redis's replacement of the global {@code pcall} ({@link #pcall}) turns a caught error
 * table back into its message, as scripts written for Redis 6 expect.
 */
public final class RedisApi {
    public static final String VERSION = "7.0.15";
    public static final int VERSION_NUM = 0x0007000f;

    private final Scripting scripting;

    RedisApi(Scripting scripting) {
        this.scripting = scripting;
    }

    /** Builds the table, with the functions that need a running script ({@code call} ...) bound to this engine. */
    LuaTable table() {
        LuaTable redis = new LuaTable(0, 32);
        redis.rawset("call", new LuaBuiltin("call", (L, args) -> command(L, args, true)));
        redis.rawset("pcall", new LuaBuiltin("pcall", (L, args) -> command(L, args, false)));
        redis.rawset("sha1hex", new LuaBuiltin("sha1hex", RedisApi::sha1hex));
        redis.rawset("error_reply", new LuaBuiltin("error_reply", RedisApi::errorReply));
        redis.rawset("status_reply", new LuaBuiltin("status_reply", RedisApi::statusReply));
        redis.rawset("log", new LuaBuiltin("log", this::log));
        redis.rawset("setresp", new LuaBuiltin("setresp", this::setresp));
        redis.rawset("set_repl", new LuaBuiltin("set_repl", this::setRepl));
        redis.rawset("replicate_commands", new LuaBuiltin("replicate_commands", (L, args) -> Lua.ret(Boolean.TRUE)));
        redis.rawset("breakpoint", new LuaBuiltin("breakpoint", (L, args) -> Lua.ret(Boolean.FALSE)));
        redis.rawset("debug", new LuaBuiltin("debug", (L, args) -> Lua.NONE));
        redis.rawset("acl_check_cmd", new LuaBuiltin("acl_check_cmd", this::aclCheckCmd));
        redis.rawset("LOG_DEBUG", 0.0);
        redis.rawset("LOG_VERBOSE", 1.0);
        redis.rawset("LOG_NOTICE", 2.0);
        redis.rawset("LOG_WARNING", 3.0);
        redis.rawset("REDIS_VERSION_NUM", (double) VERSION_NUM);
        redis.rawset("REDIS_VERSION", LuaString.of(VERSION));
        redis.rawset("REPL_NONE", 0.0);
        redis.rawset("REPL_AOF", 1.0);
        redis.rawset("REPL_SLAVE", 2.0);
        redis.rawset("REPL_REPLICA", 2.0);
        redis.rawset("REPL_ALL", 3.0);
        return redis;
    }

    /** An error table raised as a Lua error (Redis's {@code luaPushError} then {@code luaError}). */
    static LuaError raise(String message) {
        return new LuaError(LuaReplies.errorTable(message));
    }

    private ScriptRun running(String what) {
        ScriptRun run = scripting.current();
        if (run == null) {
            throw raise(what + " can only be called inside a script invocation");
        }
        return run;
    }

    // redis.call(command, arg...) / redis.pcall(command, arg...)
    private Object[] command(LuaState L, Object[] args, boolean raise) {
        ScriptRun run = running("redis.call/pcall");
        if (args.length == 0) {
            return fail("Please specify at least one argument for this redis lib call", raise);
        }
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (!(a instanceof LuaString) && !(a instanceof Double)) {
                return fail("Lua redis lib command arguments must be strings or integers", raise);
            }
            argv[i] = LuaReplies.argument(a);
        }
        Object reply = scripting.host().call(run, argv);
        if (raise && reply instanceof LuaTable t && t.rawget(LuaReplies.ERR) instanceof LuaString) {
            throw new LuaError(t);
        }
        return Lua.ret(reply);
    }

    private static Object[] fail(String message, boolean raise) {
        if (raise) {
            throw raise(message);
        }
        return Lua.ret(LuaReplies.errorTable(message));
    }

    // redis.sha1hex(string)
    private static Object[] sha1hex(LuaState L, Object[] args) {
        if (args.length != 1) {
            throw raise("wrong number of arguments");
        }
        Object v = args[0];
        byte[] data = v instanceof LuaString s ? s.bytes()
                : v instanceof Double d ? LuaNumbers.toString(d).getBytes(StandardCharsets.US_ASCII) : new byte[0];
        return Lua.ret(LuaString.of(sha1Hex(data)));
    }

    /** The lower-case hex SHA1 of {@code data}: script names and {@code redis.sha1hex}. */
    public static String sha1Hex(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(data);
            StringBuilder sb = new StringBuilder(40);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // redis.error_reply(message)
    private static Object[] errorReply(LuaState L, Object[] args) {
        if (args.length != 1 || !(args[0] instanceof LuaString s)) {
            return Lua.ret(LuaReplies.errorTable("wrong number or type of arguments"));
        }
        String err = s.toString();
        return Lua.ret(LuaReplies.errorTable(err.startsWith("-") ? err : "-" + err));
    }

    // redis.status_reply(message)
    private static Object[] statusReply(LuaState L, Object[] args) {
        if (args.length != 1 || !(args[0] instanceof LuaString s)) {
            return Lua.ret(LuaReplies.errorTable("wrong number or type of arguments"));
        }
        LuaTable t = new LuaTable(0, 1);
        t.rawset(LuaReplies.OK, s);
        return Lua.ret(t);
    }

    // redis.log(level, message...)
    private Object[] log(LuaState L, Object[] args) {
        if (args.length < 2) {
            throw raise("redis.log() requires two arguments or more.");
        }
        Double level = LuaNumbers.coerce(args[0]);
        if (level == null) {
            throw raise("First argument must be a number (log level).");
        }
        int lv = (int) (double) level;
        if (lv < 0 || lv > 3) {
            throw raise("Invalid debug level.");
        }
        ScriptHost host = scripting.host();
        if (lv < host.verbosity()) {
            return Lua.NONE;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 1; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof LuaString || a instanceof Double) {
                if (i != 1) {
                    line.append(' ');
                }
                line.append(a instanceof LuaString s ? s.toUtf8() : LuaNumbers.toString((Double) a));
            }
        }
        host.log(lv, line.toString());
        return Lua.NONE;
    }

    // redis.setresp(2|3)
    private Object[] setresp(LuaState L, Object[] args) {
        ScriptRun run = running("redis.setresp");
        if (args.length != 1) {
            throw raise("redis.setresp() requires one argument.");
        }
        Double v = LuaNumbers.coerce(args[0]);
        int resp = v == null ? 0 : (int) (double) v;
        if (resp != 2 && resp != 3) {
            throw raise("RESP version must be 2 or 3.");
        }
        run.resp(resp);
        return Lua.NONE;
    }

    // redis.set_repl(redis.REPL_ALL | REPL_AOF | REPL_REPLICA | REPL_NONE)
    private Object[] setRepl(LuaState L, Object[] args) {
        ScriptRun run = running("redis.set_repl");
        if (args.length != 1) {
            throw raise("redis.set_repl() requires two arguments.");
        }
        Double v = LuaNumbers.coerce(args[0]);
        int flags = v == null ? 0 : (int) (double) v;
        if ((flags & ~3) != 0) {
            throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        run.replTargets(flags);
        return Lua.NONE;
    }

    // redis.acl_check_cmd(command, arg...)
    private Object[] aclCheckCmd(LuaState L, Object[] args) {
        running("redis.acl_check_cmd");
        if (args.length == 0) {
            throw raise("Please specify at least one argument for this redis lib call");
        }
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            if (!(args[i] instanceof LuaString) && !(args[i] instanceof Double)) {
                throw raise("Lua redis lib command arguments must be strings or integers");
            }
            argv[i] = LuaReplies.argument(args[i]);
        }
        if (!scripting.host().knowsCommand(argv)) {
            throw raise("Invalid command passed to redis.acl_check_cmd()");
        }
        return Lua.ret(Boolean.TRUE); // one user, allowed everything: Redjay has no ACL users
    }

    /**
     * Redis's replacement of the global {@code pcall}: like Lua's, except that a caught error table (a failed
     * {@code redis.call}) comes back as its message string.
     */
    static LuaBuiltin pcall(Object luaPcall) {
        return new LuaBuiltin("pcall", (L, args) -> {
            if (args.length == 0) { // Redis's pcall calls its placeholder boolean then
                return new Object[] {Boolean.FALSE, LuaString.of("attempt to call a boolean value")};
            }
            Object[] r = L.call(luaPcall, args);
            if (r.length >= 2 && r[0] == Boolean.FALSE && r[1] instanceof LuaTable t
                    && t.rawget(LuaReplies.ERR) instanceof LuaString msg) {
                Object[] out = r.clone();
                out[1] = msg;
                return out;
            }
            return r;
        });
    }
}
