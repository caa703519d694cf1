package io.redjay.scripting.lua;

/**
 * The operations of the language with their metamethods, as C Lua 5.1's {@code lvm.c} defines them: indexing,
 * assignment, arithmetic, concatenation, length, comparison and {@code tostring}. The interpreter inlines the common
 * cases (a number plus a number, a field of a plain table) and comes here for the rest; library functions come here
 * for everything. Errors carry the running function's position and the unnamed form of Lua's message ("attempt to
 * index a nil value"); the interpreter, which knows the variable, may raise the named form first.
 */
public final class LuaOps {
    public static final LuaString INDEX = LuaString.of("__index");
    public static final LuaString NEWINDEX = LuaString.of("__newindex");
    public static final LuaString CALL = LuaString.of("__call");
    public static final LuaString TOSTRING = LuaString.of("__tostring");
    public static final LuaString CONCAT = LuaString.of("__concat");
    public static final LuaString LEN = LuaString.of("__len");
    public static final LuaString EQ = LuaString.of("__eq");
    public static final LuaString LT = LuaString.of("__lt");
    public static final LuaString LE = LuaString.of("__le");
    public static final LuaString UNM = LuaString.of("__unm");
    public static final LuaString METATABLE = LuaString.of("__metatable");

    /** The arithmetic operators, with their metamethod names. */
    public enum Arith {
        ADD("__add"), SUB("__sub"), MUL("__mul"), DIV("__div"), MOD("__mod"), POW("__pow"), UNM("__unm");

        final LuaString event;

        Arith(String event) {
            this.event = LuaString.of(event);
        }

        /** The operation on two numbers, as C Lua computes it ({@code %} is {@code a - floor(a/b)*b}). */
        public double apply(double a, double b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                case MOD -> a - Math.floor(a / b) * b;
                case POW -> Math.pow(a, b);
                case UNM -> -a;
            };
        }
    }

    private static final int MAX_META_CHAIN = 100;

    private LuaOps() {
    }

    /** {@code t[k]}, following {@code __index} (a table or a function) like {@code luaV_gettable}. */
    public static Object index(LuaState L, Object t, Object k) {
        for (int loop = 0; loop < MAX_META_CHAIN; loop++) {
            Object handler;
            if (t instanceof LuaTable table) {
                Object v = table.rawget(k);
                if (v != null) {
                    return v;
                }
                LuaTable mt = table.metatable();
                if (mt == null || (handler = mt.rawget(INDEX)) == null) {
                    return null;
                }
            } else {
                handler = L.metamethod(t, INDEX);
                if (handler == null) {
                    throw L.runtimeError("attempt to index a " + Lua.typeName(t) + " value");
                }
            }
            if (handler instanceof LuaFunction) {
                return Lua.first(L.call(handler, new Object[] {t, k}));
            }
            t = handler;
        }
        throw L.runtimeError("loop in gettable");
    }

    /** {@code t[k] = v}, following {@code __newindex} like {@code luaV_settable}. */
    public static void setIndex(LuaState L, Object t, Object k, Object v) {
        for (int loop = 0; loop < MAX_META_CHAIN; loop++) {
            Object handler;
            if (t instanceof LuaTable table) {
                LuaTable mt = table.metatable();
                if (mt == null || (handler = mt.rawget(NEWINDEX)) == null || table.rawget(k) != null) {
                    rawsetChecked(L, table, k, v);
                    return;
                }
            } else {
                handler = L.metamethod(t, NEWINDEX);
                if (handler == null) {
                    throw L.runtimeError("attempt to index a " + Lua.typeName(t) + " value");
                }
            }
            if (handler instanceof LuaFunction) {
                L.call(handler, new Object[] {t, k, v});
                return;
            }
            t = handler;
        }
        throw L.runtimeError("loop in settable");
    }

    /** A raw assignment whose errors (nil index, read-only table) carry the running function's position. */
    public static void rawsetChecked(LuaState L, LuaTable t, Object k, Object v) {
        try {
            t.rawset(k, v);
        } catch (LuaError e) {
            throw L.runtimeError(e.getMessage());
        }
    }

    /** An arithmetic operation with string coercion and metamethods ({@code luaV_arith}). */
    public static Object arith(LuaState L, Arith op, Object a, Object b) {
        Double x = LuaNumbers.coerce(a);
        Double y = LuaNumbers.coerce(b);
        if (x != null && y != null) {
            return op.apply(x, y);
        }
        Object handler = L.metamethod(a, op.event);
        if (handler == null) {
            handler = L.metamethod(b, op.event);
        }
        if (handler == null) {
            Object bad = x == null ? a : b;
            throw L.runtimeError("attempt to perform arithmetic on a " + Lua.typeName(bad) + " value");
        }
        return Lua.first(L.call(handler, new Object[] {a, b}));
    }

    /** {@code a .. b}: strings and numbers concatenate, anything else needs {@code __concat}. */
    public static Object concat(LuaState L, Object a, Object b) {
        if ((a instanceof LuaString || a instanceof Double) && (b instanceof LuaString || b instanceof Double)) {
            return toLuaString(a).concat(toLuaString(b));
        }
        Object handler = L.metamethod(a, CONCAT);
        if (handler == null) {
            handler = L.metamethod(b, CONCAT);
        }
        if (handler == null) {
            Object bad = a instanceof LuaString || a instanceof Double ? b : a;
            throw L.runtimeError("attempt to concatenate a " + Lua.typeName(bad) + " value");
        }
        return Lua.first(L.call(handler, new Object[] {a, b}));
    }

    /** A string or a number as a string (no metamethods: what concatenation and {@code lua_tolstring} do). */
    public static LuaString toLuaString(Object v) {
        if (v instanceof LuaString s) {
            return s;
        }
        return LuaNumbers.toLuaString((Double) v);
    }

    /** {@code #v}: a string's length, a table's border; userdata needs {@code __len} (Lua 5.1 rules). */
    public static Object len(LuaState L, Object v) {
        if (v instanceof LuaString s) {
            return (double) s.length();
        }
        if (v instanceof LuaTable t) {
            return (double) t.length();
        }
        Object handler = L.metamethod(v, LEN);
        if (handler == null) {
            throw L.runtimeError("attempt to get length of a " + Lua.typeName(v) + " value");
        }
        return Lua.first(L.call(handler, new Object[] {v}));
    }

    /** {@code a == b}: raw equality, then {@code __eq} for two tables or two userdata sharing the handler. */
    public static boolean eq(LuaState L, Object a, Object b) {
        if (rawEquals(a, b)) {
            return true;
        }
        if (!(a instanceof LuaTable && b instanceof LuaTable) && !(a instanceof LuaUserdata && b instanceof LuaUserdata)) {
            return false;
        }
        Object h1 = L.metamethod(a, EQ);
        if (h1 == null) {
            return false;
        }
        Object h2 = L.metamethod(b, EQ);
        if (!rawEquals(h1, h2)) {
            return false;
        }
        return Lua.truthy(Lua.first(L.call(h1, new Object[] {a, b})));
    }

    /** {@code rawequal}: same number, same string content, same boolean, or the same object. */
    public static boolean rawEquals(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof LuaString || a instanceof Boolean) {
            return a.equals(b);
        }
        return false;
    }

    /** {@code a < b}. */
    public static boolean lt(LuaState L, Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x < y;
        }
        if (a instanceof LuaString x && b instanceof LuaString y) {
            return x.compareTo(y) < 0;
        }
        return Lua.truthy(compareByMeta(L, a, b, LT));
    }

    /** {@code a <= b} ({@code __le}, or else {@code not (b < a)} by {@code __lt}). */
    public static boolean le(LuaState L, Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x <= y;
        }
        if (a instanceof LuaString x && b instanceof LuaString y) {
            return x.compareTo(y) <= 0;
        }
        if (sameTypeWith(L, a, b, LE)) {
            return Lua.truthy(compareByMeta(L, a, b, LE));
        }
        if (sameTypeWith(L, a, b, LT)) {
            return !Lua.truthy(compareByMeta(L, b, a, LT));
        }
        throw compareError(L, a, b);
    }

    private static boolean sameTypeWith(LuaState L, Object a, Object b, LuaString event) {
        if (!Lua.typeName(a).equals(Lua.typeName(b))) {
            return false;
        }
        Object h1 = L.metamethod(a, event);
        return h1 != null && rawEquals(h1, L.metamethod(b, event));
    }

    private static Object compareByMeta(LuaState L, Object a, Object b, LuaString event) {
        if (!sameTypeWith(L, a, b, event)) {
            throw compareError(L, a, b);
        }
        return Lua.first(L.call(L.metamethod(a, event), new Object[] {a, b}));
    }

    private static LuaError compareError(LuaState L, Object a, Object b) {
        String t1 = Lua.typeName(a);
        String t2 = Lua.typeName(b);
        return L.runtimeError(t1.equals(t2) ? "attempt to compare two " + t1 + " values"
                : "attempt to compare " + t1 + " with " + t2);
    }

    /** {@code tostring(v)}: {@code __tostring} if there is one, else Lua's own rendering. */
    public static LuaString tostring(LuaState L, Object v) {
        Object handler = L.metamethod(v, TOSTRING);
        if (handler != null) {
            Object r = Lua.first(L.call(handler, new Object[] {v}));
            if (!(r instanceof LuaString s)) {
                if (r instanceof Double d) {
                    return LuaNumbers.toLuaString(d);
                }
                throw L.error("'__tostring' must return a string");
            }
            return s;
        }
        return rawTostring(v);
    }

    /** Lua's rendering without metamethods: {@code nil}, {@code true}, numbers by {@code %.14g}, {@code table: 0x...}. */
    public static LuaString rawTostring(Object v) {
        if (v == null) {
            return LuaString.of("nil");
        }
        if (v instanceof LuaString s) {
            return s;
        }
        if (v instanceof Double d) {
            return LuaNumbers.toLuaString(d);
        }
        if (v instanceof Boolean b) {
            return LuaString.of(b ? "true" : "false");
        }
        String kind = v instanceof LuaFunction f && !f.isLua() ? "function: builtin" : Lua.typeName(v);
        return LuaString.of((kind.startsWith("function") ? "function" : kind) + ": 0x"
                + String.format("%08x", System.identityHashCode(v)));
    }
}
