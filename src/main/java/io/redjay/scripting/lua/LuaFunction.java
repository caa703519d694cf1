package io.redjay.scripting.lua;

/**
 * A callable Lua value: a closure compiled from Lua source, or a library function written in Java.
 *
 * <p><b>Calling convention.</b> Arguments arrive as an array of Lua values (nil is {@code null}; the array may be
 * longer than the declared parameters, or shorter); results leave as an array ({@link Lua#NONE} for none). Every
 * call goes through {@link LuaState#call}, which keeps the call stack that error positions and the depth limit come
 * from; a function never invokes another's {@link #invoke} directly.
 */
public abstract class LuaFunction {
    /** The name used in error messages ({@code bad argument #1 to 'insert'}); "?" when anonymous. */
    public String name() {
        return "?";
    }

    /** Whether this is a Lua closure (it has lines and a chunk name) rather than a Java function. */
    public boolean isLua() {
        return false;
    }

    /** The chunk a Lua closure was compiled from ({@code user_script}), for error positions; null for Java ones. */
    public String chunkName() {
        return null;
    }

    /** The chunk's source as Lua's debug info names it ({@code @user_script}); null for Java functions. */
    public String source() {
        return null;
    }

    /** Runs the function; only {@link LuaState#call} calls this. */
    protected abstract Object[] invoke(LuaState L, Object[] args);
}
