package io.redjay.scripting.lua;

/**
 * An executable expression. {@link #eval} gives its single value (a call or {@code ...} truncated to the first);
 * the two kinds that can give several ({@link #isMulti}) also answer {@link #evalMulti}, which list contexts (the
 * last argument, the last field of a constructor, a {@code return}) use to take all of them.
 *
 * <p>{@link #describe} names the variable an expression reads ("local 't'", "global 'foo'", "field 'x'",
 * "upvalue 'u'"), for the messages {@code ldebug.c} builds: "attempt to index local 't' (a nil value)". Nodes that
 * can fail keep their line and report it ({@link LuaState#line}) only on the slow path, before raising or calling
 * out.
 */
abstract class Expr {
    final int line;

    Expr(int line) {
        this.line = line;
    }

    abstract Object eval(LuaState L, Object[] f);

    /** The condition of an {@code if}/{@code while}: Lua truth of the value (comparisons answer without boxing). */
    boolean test(LuaState L, Object[] f) {
        return Lua.truthy(eval(L, f));
    }

    Object[] evalMulti(LuaState L, Object[] f) {
        return new Object[] {eval(L, f)};
    }

    boolean isMulti() {
        return false;
    }

    String describe() {
        return null;
    }

    /** The name a call through this expression gives the function in argument errors ("?" when none). */
    String callName() {
        return "?";
    }

    /** "attempt to {op} {what} (a {type} value)", or the unnamed form when {@code e} names no variable. */
    static String typeError(String op, Expr e, Object value) {
        String what = e == null ? null : e.describe();
        String type = Lua.typeName(value);
        return what == null ? "attempt to " + op + " a " + type + " value"
                : "attempt to " + op + " " + what + " (a " + type + " value)";
    }
}
