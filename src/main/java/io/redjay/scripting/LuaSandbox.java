package io.redjay.scripting;

import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.lib.BaseLib;
import io.redjay.scripting.lua.lib.BitLib;
import io.redjay.scripting.lua.lib.CjsonLib;
import io.redjay.scripting.lua.lib.CmsgpackLib;
import io.redjay.scripting.lua.lib.CoroutineLib;
import io.redjay.scripting.lua.lib.MathLib;
import io.redjay.scripting.lua.lib.StringLib;
import io.redjay.scripting.lua.lib.StructLib;
import io.redjay.scripting.lua.lib.TableLib;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Lua environment Redis 7.0 gives scripts ({@code scriptingInit}, {@code luaRegisterRedisAPI}): the base, table,
 * string and math libraries, cjson, struct, cmsgpack and bit, the {@code redis} table, Redis's {@code pcall}, and
 * nothing that reaches outside the server (no {@code print}, {@code dofile}, {@code loadfile}, {@code os},
 * {@code io}, {@code require}, {@code debug}).
 *
 * <p><b>Locked globals.</b> Once built, the globals table and every table reachable from it (the libraries, their
 * metatables) are read-only, so a script can neither create a global (every assignment fails with "Attempt to
 * modify a readonly table") nor change a library another script relies on; reading a global that does not exist
 * raises "Script attempted to access nonexistent global variable". What one script does therefore cannot change
 * what the next one sees, which is what makes effects replication and script caching sound. Only {@code KEYS} and
 * {@code ARGV} are set per call, with the lock lifted for that one assignment.
 */
final class LuaSandbox {
    private LuaSandbox() {
    }

    /** A fresh interpreter for EVAL scripts, its globals locked. */
    static LuaState evalState(RedisApi api, MathLib.Rand48 random) {
        LuaState L = new LuaState();
        installLibraries(L, random);
        LuaTable g = L.globals();
        g.rawset("redis", api.table());
        g.rawset("pcall", RedisApi.pcall(g.rawget("pcall")));
        lock(g);
        protect(L.stringMetatable(), new IdentityHashMap<>()); // getmetatable('').__index = ... is refused too
        return L;
    }

    /**
     * The libraries of Redis's Lua, without the functions it removes. {@code random} is the server's one random
     * generator: Redis's {@code math.random} state is process-wide, shared by every interpreter and kept across
     * SCRIPT FLUSH.
     */
    static void installLibraries(LuaState L, MathLib.Rand48 random) {
        BaseLib.install(L);
        TableLib.install(L);
        StringLib.install(L);
        MathLib.install(L, random);
        CjsonLib.install(L);
        StructLib.install(L);
        CmsgpackLib.install(L);
        BitLib.install(L);
        CoroutineLib.install(L);
        LuaTable g = L.globals();
        for (String name : new String[] {"print", "dofile", "loadfile", "require", "module", "os", "io",
                "package", "debug", "newproxy", "setfenv", "getfenv"}) {
            g.rawset(name, null);
        }
    }

    /** Gives {@code g} the error-raising {@code __index} and makes it and all it reaches read-only. */
    static void lock(LuaTable g) {
        LuaTable mt = new LuaTable(0, 1);
        mt.rawset("__index", new LuaBuiltin("__index", (L, args) -> {
            Object key = args.length > 1 ? args[1] : null;
            if (!(key instanceof LuaString) && !(key instanceof Double)) {
                throw L.error("Second argument to luaProtectedTableError must be a string or number");
            }
            String name = key instanceof LuaString s ? s.toString()
                    : io.redjay.scripting.lua.LuaNumbers.toString((Double) key);
            throw L.error("Script attempted to access nonexistent global variable '" + name + "'");
        }));
        g.metatable(mt);
        protect(g, new IdentityHashMap<>());
    }

    private static void protect(LuaTable t, Map<LuaTable, Boolean> seen) {
        if (seen.put(t, Boolean.TRUE) != null) {
            return;
        }
        Object[] kv = new Object[2];
        for (Object k = null; t.next(k, kv); k = kv[0]) {
            if (kv[1] instanceof LuaTable inner) {
                protect(inner, seen);
            }
        }
        if (t.metatable() != null) {
            protect(t.metatable(), seen);
        }
        t.readonly(true);
    }

    /** Sets a global of a locked globals table (KEYS, ARGV), lifting the lock for that one assignment. */
    static void setLocked(LuaTable g, LuaString name, Object value) {
        g.readonly(false);
        try {
            g.rawset(name, value);
        } finally {
            g.readonly(true);
        }
    }
}
