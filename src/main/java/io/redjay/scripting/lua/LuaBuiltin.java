package io.redjay.scripting.lua;

/**
 * A library function written in Java, from a lambda: {@code new LuaBuiltin("insert", (L, args) -> ...)}. The name
 * is what argument errors report ({@code bad argument #2 to 'insert' (number expected, got nil)}).
 */
public final class LuaBuiltin extends LuaFunction {
    /** The body of a builtin. */
    @FunctionalInterface
    public interface Body {
        Object[] call(LuaState L, Object[] args);
    }

    private final String name;
    private final Body body;

    public LuaBuiltin(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Object[] invoke(LuaState L, Object[] args) {
        return body.call(L, args);
    }
}
