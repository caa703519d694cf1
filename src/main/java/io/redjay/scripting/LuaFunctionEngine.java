package io.redjay.scripting;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaCompiler;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.lib.MathLib;

/**
 * The Lua engine of Redis 7.0 functions ({@code function_lua.c}): one interpreter of its own, apart from EVAL's,
 * in which every library is compiled and every function runs.
 *
 * <p><b>Two faces of one environment.</b> Library code sees an empty, read-only globals table whose metatable
 * sends every read elsewhere. While {@code FUNCTION LOAD} runs the library's top level, reads go to the load API: a
 * {@code redis} table with nothing but {@code register_function}, {@code log}, the log levels and the version, so a
 * library can register functions but not touch the data or even the string library ("Script attempted to access
 * nonexistent global variable 'call'"). Once loaded, the same table sends reads to the full sandboxed globals
 * (the libraries and the whole {@code redis} API), which is what the registered callbacks see when FCALL runs
 * them. Both targets are locked, and the proxy itself is read-only, so neither the load nor a call can leave
 * anything behind for the next.
 *
 * <p><b>Load timeout.</b> A library's top level gets 500 ms ({@code FUNCTION LOAD timeout}), checked by the
 * instruction hook; a stream replayed from a master or the AOF, and a snapshot's libraries, have none.
 */
final class LuaFunctionEngine {
    static final String NAME = "LUA";
    static final String CHUNK = "user_function";
    private static final LuaString INDEX = LuaString.of("__index");

    /** What {@code redis.register_function} adds a function to: the library being loaded. */
    interface Registrar {
        void register(String name, byte[] description, int flags, LuaFunction callback);
    }

    private final LuaState L;
    private final LuaTable env = new LuaTable();
    private final LuaTable envMeta = new LuaTable(0, 1);
    private final LuaTable loadApi;
    private Registrar loading;
    private long loadStartNanos;
    private long loadTimeoutMillis;

    /** {@code random} is the server's one {@code math.random} generator, which EVAL scripts share. */
    LuaFunctionEngine(RedisApi api, MathLib.Rand48 random) {
        L = LuaSandbox.evalState(api, random);
        LuaTable runtimeRedis = (LuaTable) L.globals().rawget("redis");
        LuaTable redis = new LuaTable(0, 8);
        redis.rawset("register_function", new LuaBuiltin("register_function", this::registerFunction));
        for (String field : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                "REDIS_VERSION_NUM", "REDIS_VERSION"}) {
            redis.rawset(field, runtimeRedis.rawget(field));
        }
        LuaSandbox.lock(redis);
        loadApi = new LuaTable(0, 1);
        loadApi.rawset("redis", redis);
        LuaSandbox.lock(loadApi);
        envMeta.rawset(INDEX, L.globals());
        envMeta.readonly(true);
        env.metatable(envMeta);
        env.readonly(true);
    }

    LuaState state() {
        return L;
    }

    /**
     * Compiles a library's code (what follows its metadata line) and runs its top level, handing each function it
     * registers to {@code registrar}; {@code timeoutMillis} 0 means no limit. Raises {@link ScriptException} with
     * Redis's message ("Error compiling function: ...", "Error registering functions: ...").
     */
    void create(LuaString code, Registrar registrar, long timeoutMillis) {
        LuaFunction chunk;
        try {
            chunk = LuaCompiler.load(L, code, CHUNK, env);
        } catch (LuaError e) {
            throw new ScriptException("Error compiling function: " + Scripting.messageOf(e.value()));
        }
        setIndex(loadApi);
        loading = registrar;
        loadStartNanos = System.nanoTime();
        loadTimeoutMillis = timeoutMillis;
        L.hook(this::loadHook, Scripting.HOOK_PERIOD);
        try {
            L.call(chunk, Lua.NONE);
        } catch (LuaError e) {
            L.resetStack();
            throw new ScriptException("Error registering functions: " + errorText(e.value()));
        } catch (StackOverflowError e) {
            L.resetStack();
            throw new ScriptException("Error registering functions: ERR stack overflow");
        } finally {
            L.hook(null, 0);
            loading = null;
            setIndex(L.globals());
        }
    }

    private void setIndex(LuaTable target) {
        envMeta.readonly(false);
        envMeta.rawset(INDEX, target);
        envMeta.readonly(true);
    }

    /** The message of an error that ended a library's top level ({@code luaExtractErrorInformation}). */
    private static String errorText(Object v) {
        if (v instanceof LuaTable t && t.rawget(LuaReplies.ERR) instanceof LuaString err) {
            return err.toString();
        }
        return "ERR " + Scripting.messageOf(v);
    }

    private void loadHook(LuaState state) {
        if (loadTimeoutMillis > 0 && (System.nanoTime() - loadStartNanos) / 1_000_000 > loadTimeoutMillis) {
            throw RedisApi.raise("FUNCTION LOAD timeout");
        }
    }

    // redis.register_function(name, callback) / redis.register_function{function_name=, callback=, flags=, description=}
    private Object[] registerFunction(LuaState state, Object[] args) {
        Registrar target = loading;
        if (target == null) {
            throw RedisApi.raise("redis.register_function can only be called on FUNCTION LOAD command");
        }
        if (args.length < 1 || args.length > 2) {
            throw RedisApi.raise("wrong number of arguments to redis.register_function");
        }
        String name;
        byte[] description = null;
        int flags = 0;
        LuaFunction callback;
        if (args.length == 2) {
            LuaString n = stringOf(args[0]);
            if (n == null) {
                throw RedisApi.raise("first argument to redis.register_function must be a string");
            }
            if (!(args[1] instanceof LuaFunction f)) {
                throw RedisApi.raise("second argument to redis.register_function must be a function");
            }
            name = n.toString();
            callback = f;
        } else {
            if (!(args[0] instanceof LuaTable t)) {
                throw RedisApi.raise("calling redis.register_function with a single argument is only applicable "
                        + "to Lua table (representing named arguments).");
            }
            name = null;
            callback = null;
            Object[] kv = new Object[2];
            for (Object k = null; t.next(k, kv); k = kv[0]) {
                LuaString key = stringOf(kv[0]);
                if (key == null) {
                    throw RedisApi.raise("named argument key given to redis.register_function is not a string");
                }
                String field = key.toString();
                Object value = kv[1];
                if (field.equalsIgnoreCase("function_name")) {
                    LuaString n = stringOf(value);
                    if (n == null) {
                        throw RedisApi.raise("function_name argument given to redis.register_function must be a "
                                + "string");
                    }
                    name = n.toString();
                } else if (field.equalsIgnoreCase("description")) {
                    LuaString d = stringOf(value);
                    if (d == null) {
                        throw RedisApi.raise("description argument given to redis.register_function must be a "
                                + "string");
                    }
                    description = d.bytes();
                } else if (field.equalsIgnoreCase("callback")) {
                    if (!(value instanceof LuaFunction f)) {
                        throw RedisApi.raise("callback argument given to redis.register_function must be a "
                                + "function");
                    }
                    callback = f;
                } else if (field.equalsIgnoreCase("flags")) {
                    if (!(value instanceof LuaTable list)) {
                        throw RedisApi.raise("flags argument to redis.register_function must be a table "
                                + "representing function flags");
                    }
                    flags = readFlags(list);
                } else {
                    throw RedisApi.raise("unknown argument given to redis.register_function");
                }
            }
            if (name == null) {
                throw RedisApi.raise("redis.register_function must get a function name argument");
            }
            if (callback == null) {
                throw RedisApi.raise("redis.register_function must get a callback argument");
            }
        }
        try {
            target.register(name, description, flags, callback);
        } catch (ScriptException e) {
            throw RedisApi.raise(e.getMessage());
        }
        return Lua.NONE;
    }

    /** The flags of a {@code flags = {...}} list, matched without regard to case ({@code luaRegisterFunctionReadFlags}). */
    private static int readFlags(LuaTable list) {
        int flags = 0;
        for (int i = 1; ; i++) {
            Object v = list.rawget(i);
            if (v == null) {
                return flags;
            }
            LuaString s = stringOf(v);
            int bit = 0;
            if (s != null) {
                String flag = s.toString();
                for (int j = 0; j < ScriptFlags.NAMES.length; j++) {
                    if (ScriptFlags.NAMES[j].equalsIgnoreCase(flag)) {
                        bit = ScriptFlags.BITS[j];
                    }
                }
            }
            if (bit == 0) {
                throw RedisApi.raise("unknown flag given");
            }
            flags |= bit;
        }
    }

    /** A string, or a number as Lua turns it into one ({@code lua_tolstring}); null for anything else. */
    private static LuaString stringOf(Object v) {
        if (v instanceof LuaString s) {
            return s;
        }
        return v instanceof Double d ? LuaString.of(LuaNumbers.toString(d)) : null;
    }
}
