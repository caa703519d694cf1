package io.redjay.scripting.lua;

/**
 * A userdata value: an opaque object with an optional metatable. Redis's libraries need only sentinels of this kind
 * ({@code cjson.null}, a light userdata in C), compared by identity.
 */
public final class LuaUserdata {
    private final Object payload;
    private LuaTable metatable;

    public LuaUserdata(Object payload) {
        this.payload = payload;
    }

    public Object payload() {
        return payload;
    }

    public LuaTable metatable() {
        return metatable;
    }

    public void metatable(LuaTable mt) {
        metatable = mt;
    }
}
