package io.redjay.scripting.lua;

/**
 * An expression that can also be assigned to: a local, an upvalue, a global or an indexed field. A multiple
 * assignment first evaluates every target's table and key ({@link #object}, {@link #key}), then the values, then
 * stores right to left ({@link #store}), as C Lua's code does.
 */
abstract class VarExpr extends Expr {
    VarExpr(int line) {
        super(line);
    }

    /** {@code target = value} alone: the target's table and key are evaluated before the value. */
    abstract void assign(LuaState L, Object[] f, Expr value);

    Object object(LuaState L, Object[] f) {
        return null;
    }

    Object key(LuaState L, Object[] f) {
        return null;
    }

    abstract void store(LuaState L, Object[] f, Object object, Object key, Object value);
}
