package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.LuaThread;

import java.util.Arrays;

/**
 * Lua 5.1's {@code coroutine} library ({@code lbaselib.c}): create, resume, yield, status, running, wrap, with C
 * Lua's messages. The switching itself is {@link LuaThread}'s.
 */
public final class CoroutineLib {
    private CoroutineLib() {
    }

    public static LuaTable install(LuaState L) {
        LuaTable co = new LuaTable(0, 8);
        // coroutine.create(f)
        co.rawset("create", new LuaBuiltin("create", (S, args) -> {
            Object f = Lua.arg(args, 0);
            if (!(f instanceof LuaFunction fn) || !fn.isLua()) {
                throw S.argError(1, "Lua function expected");
            }
            return Lua.ret(new LuaThread(S, f));
        }));
        // coroutine.resume(co, ...)
        co.rawset("resume", new LuaBuiltin("resume", (S, args) -> {
            LuaThread t = thread(S, args);
            return t.resume(Arrays.copyOfRange(args, 1, args.length));
        }));
        // coroutine.yield(...)
        co.rawset("yield", new LuaBuiltin("yield", (S, args) -> {
            LuaThread t = S.runningCoroutine();
            if (t == null) {
                throw new LuaError("attempt to yield across metamethod/C-call boundary"); // unplaced, as in C

            }
            return t.yield(args);
        }));
        // coroutine.status(co)
        co.rawset("status", new LuaBuiltin("status", (S, args) -> Lua.ret(LuaString.of(thread(S, args).status()))));
        // coroutine.running()
        co.rawset("running", new LuaBuiltin("running", (S, args) -> Lua.ret(S.runningCoroutine())));
        // coroutine.wrap(f)
        co.rawset("wrap", new LuaBuiltin("wrap", (S, args) -> {
            Object f = Lua.arg(args, 0);
            if (!(f instanceof LuaFunction fn) || !fn.isLua()) {
                throw S.argError(1, "Lua function expected");
            }
            LuaThread t = new LuaThread(S, f);
            return Lua.ret(new LuaBuiltin("wrap", (W, wargs) -> {
                Object[] r = t.resume(wargs);
                if (r[0] == Boolean.FALSE) {
                    Object err = r[1];
                    if (err instanceof LuaString || err instanceof Double) {
                        err = LuaString.of(W.where(1) + io.redjay.scripting.lua.LuaOps.rawTostring(err));
                    }
                    throw new LuaError(err);
                }
                return Arrays.copyOfRange(r, 1, r.length);
            }));
        }));
        L.globals().rawset("coroutine", co);
        return co;
    }

    private static LuaThread thread(LuaState L, Object[] args) {
        Object v = Lua.arg(args, 0);
        if (v instanceof LuaThread t) {
            return t;
        }
        throw L.argError(1, "coroutine expected");
    }
}
