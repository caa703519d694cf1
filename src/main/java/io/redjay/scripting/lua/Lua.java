package io.redjay.scripting.lua;

/**
 * The value model, in one place. A Lua value is a plain Java object:
 * <ul>
 *   <li>nil is {@code null};</li>
 *   <li>booleans are {@link Boolean#TRUE} and {@link Boolean#FALSE};</li>
 *   <li>numbers are {@link Double} (Lua 5.1 has one number type, a C double);</li>
 *   <li>strings are {@link LuaString} (bytes, never {@code java.lang.String});</li>
 *   <li>tables are {@link LuaTable}, functions {@link LuaFunction}, userdata {@link LuaUserdata}, coroutines
 *   {@link LuaThread}.</li>
 * </ul>
 * Nothing else may reach a script. Helpers here are raw (no metamethods); {@link LuaOps} has the metamethod-aware
 * operations.
 */
public final class Lua {
    /** The empty result list. */
    public static final Object[] NONE = new Object[0];

    private Lua() {
    }

    /** Lua's {@code type()} name of a value. */
    public static String typeName(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Double) {
            return "number";
        }
        if (v instanceof LuaString) {
            return "string";
        }
        if (v instanceof LuaTable) {
            return "table";
        }
        if (v instanceof LuaFunction) {
            return "function";
        }
        if (v instanceof LuaUserdata) {
            return "userdata";
        }
        if (v instanceof LuaThread) {
            return "thread";
        }
        throw new IllegalStateException("not a Lua value: " + v.getClass());
    }

    /** Lua truth: everything but nil and false. */
    public static boolean truthy(Object v) {
        return v != null && v != Boolean.FALSE;
    }

    public static Boolean bool(boolean b) {
        return b ? Boolean.TRUE : Boolean.FALSE;
    }

    public static Double num(double d) {
        return d;
    }

    public static LuaString str(String s) {
        return LuaString.of(s);
    }

    /** One result. */
    public static Object[] ret(Object v) {
        return new Object[] {v};
    }

    /** Argument {@code i} (0-based) or nil when absent. */
    public static Object arg(Object[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    /** The first result of a call, or nil. */
    public static Object first(Object[] results) {
        return results.length == 0 ? null : results[0];
    }
}
