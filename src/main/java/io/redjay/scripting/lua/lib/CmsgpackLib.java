package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;

/**
 * The {@code cmsgpack} library: lua-cmsgpack 0.4.0 as Redis 7.0 bundles it. {@link CmsgpackEncoder} and
 * {@link CmsgpackDecoder} hold the format's rules; this class checks the arguments as lua-cmsgpack does.
 *
 * <p><b>Offsets and limits</b> are read as {@code luaL_checkinteger} reads them on x86-64 (truncated, out of range
 * is {@code LONG_MIN}); the error texts print them as C {@code int}s, so an offset of 2^40 is reported as 0.
 * {@code unpack_limit(s, 0)} (with no offset) behaves as {@code unpack(s)}, returning no offset, because
 * lua-cmsgpack takes a zero limit and a zero offset to mean "everything".
 */
public final class CmsgpackLib {
    /** lua-cmsgpack checks the stack for as many more slots as there are arguments: 4000 of 8000 at most. */
    private static final int MAX_PACK_ARGS = 4000;

    private CmsgpackLib() {
    }

    /** Creates {@code cmsgpack} in the globals and returns it. */
    public static LuaTable install(LuaState L) {
        LuaTable t = new LuaTable(0, 8);
        // cmsgpack.pack(v1, ...)
        t.rawset("pack", new LuaBuiltin("pack", (st, args) -> {
            if (args.length == 0) {
                throw st.argError(0, "MessagePack pack needs input.");
            }
            if (args.length > MAX_PACK_ARGS) {
                throw st.argError(0, "Too many arguments for MessagePack pack.");
            }
            return Lua.ret(CmsgpackEncoder.pack(st, args));
        }));
        // cmsgpack.unpack(s)
        t.rawset("unpack", new LuaBuiltin("unpack", (st, args) ->
                CmsgpackDecoder.unpack(st, st.checkString(args, 0), 0, 0)));
        // cmsgpack.unpack_one(s [, offset])
        t.rawset("unpack_one", new LuaBuiltin("unpack_one", (st, args) -> {
            long offset = optInteger(st, args, 1);
            return CmsgpackDecoder.unpack(st, st.checkString(args, 0), 1, offset);
        }));
        // cmsgpack.unpack_limit(s, limit [, offset])
        t.rawset("unpack_limit", new LuaBuiltin("unpack_limit", (st, args) -> {
            long limit = checkInteger(st, args, 1);
            long offset = optInteger(st, args, 2);
            return CmsgpackDecoder.unpack(st, st.checkString(args, 0), limit, offset);
        }));
        t.rawset("_NAME", LuaString.of("cmsgpack"));
        t.rawset("_VERSION", LuaString.of("lua-cmsgpack 0.4.0"));
        t.rawset("_COPYRIGHT", LuaString.of("Copyright (C) 2012, Salvatore Sanfilippo"));
        t.rawset("_DESCRIPTION", LuaString.of("MessagePack C implementation for Lua"));
        L.globals().rawset("cmsgpack", t);
        return t;
    }

    /** {@code luaL_checkinteger} on x86-64: truncation, {@code LONG_MIN} for NaN and out-of-range numbers. */
    private static long checkInteger(LuaState L, Object[] args, int i) {
        Double d = LuaNumbers.coerce(Lua.arg(args, i));
        if (d == null) {
            throw L.typeError(i + 1, "number", LuaState.gotName(args, i));
        }
        return d >= -0x1p63 && d < 0x1p63 ? (long) (double) d : Long.MIN_VALUE;
    }

    /** {@code luaL_optinteger} with a default of 0. */
    private static long optInteger(LuaState L, Object[] args, int i) {
        return Lua.arg(args, i) == null ? 0 : checkInteger(L, args, i);
    }
}
