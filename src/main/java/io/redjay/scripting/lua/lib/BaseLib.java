package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaClosure;
import io.redjay.scripting.lua.LuaCompiler;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaIterators;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaOps;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import java.io.ByteArrayOutputStream;

/**
 * Lua 5.1's base library ({@code lbaselib.c}) as Redis's scripts see it: the same argument checks and messages,
 * {@code error} levels placed through the call stack, {@code pcall}/{@code xpcall} catching {@link LuaError} but
 * never {@link io.redjay.scripting.lua.LuaInterrupt}, function environments for {@code getfenv}/{@code setfenv}.
 *
 * <p>Left out on purpose: the coroutine library, {@code dofile} and {@code loadfile} (no file system in a script),
 * {@code newproxy}. {@code print} accepts anything and writes nothing. {@code collectgarbage("count")} and
 * {@code gcinfo} report the JVM's heap in use, the closest thing to Lua's allocator count.
 */
public final class BaseLib {
    /** {@code lua_checkstack}'s bound: a C function may have at most 8000 stack slots, its arguments included. */
    private static final int MAX_STACK = 8000;
    private static final LuaString ERROR_IN_HANDLER = LuaString.of("error in error handling");
    private static final LuaString STACK_OVERFLOW = LuaString.of("stack overflow");
    private static final String[] GC_OPTIONS = {"stop", "restart", "collect", "count", "step", "setpause",
        "setstepmul"};

    private BaseLib() {
    }

    public static void install(LuaState L) {
        LuaTable g = L.globals();
        g.rawset("_G", g);
        g.rawset("_VERSION", LuaString.of("Lua 5.1"));
        g.rawset("next", LuaIterators.NEXT);
        put(g, "assert", BaseLib::assertion);
        put(g, "collectgarbage", BaseLib::collectgarbage);
        put(g, "error", BaseLib::error);
        put(g, "gcinfo", (st, args) -> Lua.ret((double) (usedHeap() / 1024)));
        put(g, "getfenv", BaseLib::getfenv);
        put(g, "getmetatable", BaseLib::getmetatable);
        put(g, "ipairs", BaseLib::ipairs);
        put(g, "load", BaseLib::load);
        put(g, "loadstring", BaseLib::loadstring);
        put(g, "pairs", BaseLib::pairs);
        put(g, "pcall", BaseLib::pcall);
        put(g, "print", (st, args) -> Lua.NONE);
        put(g, "rawequal", BaseLib::rawequal);
        put(g, "rawget", BaseLib::rawget);
        put(g, "rawset", BaseLib::rawset);
        put(g, "select", BaseLib::select);
        put(g, "setfenv", BaseLib::setfenv);
        put(g, "setmetatable", BaseLib::setmetatable);
        put(g, "tonumber", BaseLib::tonumber);
        put(g, "tostring", BaseLib::tostring);
        put(g, "type", BaseLib::type);
        put(g, "unpack", BaseLib::unpack);
        put(g, "xpcall", BaseLib::xpcall);
    }

    private static void put(LuaTable g, String name, LuaBuiltin.Body body) {
        g.rawset(name, new LuaBuiltin(name, body));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    // assert(v [, message])
    private static Object[] assertion(LuaState L, Object[] args) {
        L.checkAny(args, 0);
        if (!Lua.truthy(args[0])) {
            throw L.error(L.optString(args, 1, LuaString.of("assertion failed!")).toString());
        }
        return args;
    }

    // collectgarbage([opt [, arg]])
    private static Object[] collectgarbage(LuaState L, Object[] args) {
        LuaString opt = L.optString(args, 0, LuaString.of("collect"));
        int o = -1;
        for (int i = 0; i < GC_OPTIONS.length; i++) {
            if (GC_OPTIONS[i].equals(opt.toString())) {
                o = i;
            }
        }
        if (o < 0) {
            throw L.argError(1, "invalid option '" + opt + "'");
        }
        L.optInt(args, 1, 0);
        return switch (GC_OPTIONS[o]) {
            case "count" -> Lua.ret(usedHeap() / 1024.0);
            case "step" -> Lua.ret(Boolean.TRUE);
            default -> Lua.ret(0.0);
        };
    }

    // error(message [, level])
    private static Object[] error(LuaState L, Object[] args) {
        int level = L.optInt(args, 1, 1);
        Object v = Lua.arg(args, 0);
        if ((v instanceof LuaString || v instanceof Double) && level > 0) {
            v = LuaString.of(L.where(level)).concat(LuaOps.toLuaString(v));
        }
        throw new LuaError(v);
    }

    /** {@code getfunc}: the function argument 1 names, directly or as a stack level (1 = the caller). */
    private static LuaFunction functionAt(LuaState L, Object[] args, boolean optional) {
        Object a = Lua.arg(args, 0);
        if (a instanceof LuaFunction f) {
            return f;
        }
        int level = optional ? L.optInt(args, 0, 1) : L.checkInt(args, 0);
        if (level < 0) {
            throw L.argError(1, "level must be non-negative");
        }
        LuaFunction f = L.function(level);
        if (f == null) {
            throw L.argError(1, "invalid level");
        }
        return f;
    }

    // getfenv([f])
    private static Object[] getfenv(LuaState L, Object[] args) {
        LuaFunction f = functionAt(L, args, true);
        return Lua.ret(f instanceof LuaClosure c ? c.env() : L.globals());
    }

    // setfenv(f, table)
    private static Object[] setfenv(LuaState L, Object[] args) {
        LuaTable env = L.checkTable(args, 1);
        LuaFunction f = functionAt(L, args, false);
        if (args[0] instanceof Double d && d == 0) {
            return Lua.NONE;
        }
        if (!(f instanceof LuaClosure c)) {
            throw L.error("'setfenv' cannot change environment of given object");
        }
        c.env(env);
        return Lua.ret(f);
    }

    // getmetatable(object)
    private static Object[] getmetatable(LuaState L, Object[] args) {
        L.checkAny(args, 0);
        LuaTable mt = L.metatable(args[0]);
        if (mt == null) {
            return Lua.ret(null);
        }
        Object protectedValue = mt.rawget(LuaOps.METATABLE);
        return Lua.ret(protectedValue != null ? protectedValue : mt);
    }

    // setmetatable(table, metatable)
    private static Object[] setmetatable(LuaState L, Object[] args) {
        Object mt = Lua.arg(args, 1);
        LuaTable t = L.checkTable(args, 0);
        if (args.length < 2 || mt != null && !(mt instanceof LuaTable)) {
            throw L.argError(2, "nil or table expected");
        }
        LuaTable old = t.metatable();
        if (old != null && old.rawget(LuaOps.METATABLE) != null) {
            throw L.error("cannot change a protected metatable");
        }
        if (t.readonly()) {
            throw new LuaError("Attempt to modify a readonly table"); // Redis's Lua: raised inside the C API, unplaced
        }
        t.metatable((LuaTable) mt);
        return Lua.ret(t);
    }

    // ipairs(t)
    private static Object[] ipairs(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        return new Object[] {LuaIterators.INEXT, t, 0.0};
    }

    // pairs(t)
    private static Object[] pairs(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        return new Object[] {LuaIterators.NEXT, t, null};
    }

    // load(func [, chunkname])
    private static Object[] load(LuaState L, Object[] args) {
        LuaString name = L.optString(args, 1, LuaString.of("=(load)"));
        Object reader = Lua.arg(args, 0);
        if (!(reader instanceof LuaFunction)) {
            throw L.typeError(1, "function", LuaState.gotName(args, 0));
        }
        try {
            ByteArrayOutputStream source = new ByteArrayOutputStream();
            while (true) {
                Object piece = Lua.first(L.call(reader, Lua.NONE));
                if (piece == null) {
                    break;
                }
                if (!(piece instanceof LuaString || piece instanceof Double)) {
                    throw L.error("reader function must return a string");
                }
                LuaString s = LuaOps.toLuaString(piece);
                if (s.length() == 0) {
                    break;
                }
                source.writeBytes(s.bytes());
            }
            return Lua.ret(LuaCompiler.loadString(L, LuaString.wrap(source.toByteArray()), name, L.globals()));
        } catch (LuaError e) {
            return new Object[] {null, e.value()};
        }
    }

    // loadstring(string [, chunkname])
    private static Object[] loadstring(LuaState L, Object[] args) {
        LuaString s = L.checkString(args, 0);
        LuaString name = L.optString(args, 1, s);
        try {
            return Lua.ret(LuaCompiler.loadString(L, s, name, L.globals()));
        } catch (LuaError e) {
            return new Object[] {null, e.value()};
        }
    }

    // pcall(f, ...)
    private static Object[] pcall(LuaState L, Object[] args) {
        L.checkAny(args, 0);
        Object[] rest = new Object[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        try {
            return prepend(Boolean.TRUE, L.call(args[0], rest));
        } catch (LuaError e) {
            return new Object[] {Boolean.FALSE, e.value()};
        } catch (StackOverflowError e) {
            return new Object[] {Boolean.FALSE, STACK_OVERFLOW};
        }
    }

    // xpcall(f, handler)
    private static Object[] xpcall(LuaState L, Object[] args) {
        L.checkAny(args, 1);
        try {
            return prepend(Boolean.TRUE, L.call(args[0], Lua.NONE));
        } catch (LuaError e) {
            return new Object[] {Boolean.FALSE, handle(L, args[1], e.value())};
        } catch (StackOverflowError e) {
            return new Object[] {Boolean.FALSE, handle(L, args[1], STACK_OVERFLOW)};
        }
    }

    private static Object handle(LuaState L, Object handler, Object error) {
        try {
            return Lua.first(L.call(handler, new Object[] {error}));
        } catch (LuaError | StackOverflowError e) {
            return ERROR_IN_HANDLER;
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    // rawequal(v1, v2)
    private static Object[] rawequal(LuaState L, Object[] args) {
        L.checkAny(args, 0);
        L.checkAny(args, 1);
        return Lua.ret(Lua.bool(LuaOps.rawEquals(args[0], args[1])));
    }

    // rawget(table, index)
    private static Object[] rawget(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        L.checkAny(args, 1);
        return Lua.ret(t.rawget(args[1]));
    }

    // rawset(table, index, value)
    private static Object[] rawset(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        L.checkAny(args, 1);
        L.checkAny(args, 2);
        t.rawset(args[1], args[2]);
        return Lua.ret(t);
    }

    // select(index, ...)
    private static Object[] select(LuaState L, Object[] args) {
        int n = args.length;
        if (Lua.arg(args, 0) instanceof LuaString s && s.length() > 0 && s.byteAt(0) == '#') {
            return Lua.ret((double) (n - 1));
        }
        int i = L.checkInt(args, 0);
        if (i < 0) {
            i = n + i;
        } else if (i > n) {
            i = n;
        }
        if (i < 1) {
            throw L.argError(1, "index out of range");
        }
        Object[] out = new Object[n - i];
        System.arraycopy(args, i, out, 0, out.length);
        return out;
    }

    // tonumber(e [, base])
    private static Object[] tonumber(LuaState L, Object[] args) {
        int base = L.optInt(args, 1, 10);
        if (base == 10) {
            L.checkAny(args, 0);
            return Lua.ret(LuaNumbers.coerce(args[0]));
        }
        LuaString s = L.checkString(args, 0);
        if (base < 2 || base > 36) {
            throw L.argError(2, "base out of range");
        }
        return Lua.ret(parseUnsigned(s, base));
    }

    /** {@code strtoul(s, &end, base)} that must consume the whole string (but trailing spaces): the value or nil. */
    private static Double parseUnsigned(LuaString s, int base) {
        int n = s.length();
        int i = 0;
        while (i < n && isSpace(s.byteAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.byteAt(i) == '-' || s.byteAt(i) == '+')) {
            negative = s.byteAt(i) == '-';
            i++;
        }
        boolean hexPrefix = base == 16 && i + 2 < n && s.byteAt(i) == '0' && (s.byteAt(i + 1) | 0x20) == 'x'
                && Character.digit(s.byteAt(i + 2), 16) >= 0;
        if (hexPrefix) {
            i += 2;
        }
        int start = i;
        long value = 0;
        boolean overflow = false;
        while (i < n) {
            int d = Character.digit(s.byteAt(i), base);
            if (d < 0) {
                break;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) {
                overflow = true;
            }
            value = value * base + d;
            i++;
        }
        if (i == start) {
            return null;
        }
        while (i < n && isSpace(s.byteAt(i))) {
            i++;
        }
        if (i != n) {
            return null;
        }
        if (overflow) {
            value = -1L;
        } else if (negative) {
            value = -value;
        }
        return unsignedToDouble(value);
    }

    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    // tostring(v)
    private static Object[] tostring(LuaState L, Object[] args) {
        L.checkAny(args, 0);
        Object v = args[0];
        Object handler = L.metamethod(v, LuaOps.TOSTRING);
        if (handler != null) {
            return Lua.ret(Lua.first(L.call(handler, new Object[] {v})));
        }
        return Lua.ret(LuaOps.rawTostring(v));
    }

    // type(v)
    private static Object[] type(LuaState L, Object[] args) {
        L.checkAny(args, 0);
        return Lua.ret(LuaString.of(Lua.typeName(args[0])));
    }

    // unpack(list [, i [, j]])
    private static Object[] unpack(LuaState L, Object[] args) {
        LuaTable t = L.checkTable(args, 0);
        int i = L.optInt(args, 1, 1);
        int e = Lua.arg(args, 2) == null ? t.length() : L.checkInt(args, 2);
        if (i > e) {
            return Lua.NONE;
        }
        long n = (long) e - i + 1;
        if (n <= 0 || n > MAX_STACK - args.length) {
            throw L.error("too many results to unpack");
        }
        Object[] out = new Object[(int) n];
        for (int k = 0; k < n; k++) {
            out[k] = t.rawget(i + k);
        }
        return out;
    }
}
