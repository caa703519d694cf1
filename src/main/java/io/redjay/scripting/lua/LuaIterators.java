package io.redjay.scripting.lua;

/**
 * The two iterator functions of the base library, {@code next} and the one {@code ipairs} returns, as shared
 * instances: the generic {@code for} recognises them by identity and walks the table itself instead of calling them
 * once per element. {@code BaseLib} installs these very objects.
 */
public final class LuaIterators {
    // next(table [, key])
    public static final LuaBuiltin NEXT = new LuaBuiltin("next", (L, args) -> {
        LuaTable t = L.checkTable(args, 0);
        Object[] entry = new Object[2];
        return t.next(Lua.arg(args, 1), entry) ? entry : new Object[] {null};
    });

    // the iterator of ipairs(t): (t, i) -> i + 1, t[i + 1] until a nil
    public static final LuaBuiltin INEXT = new LuaBuiltin("ipairs", (L, args) -> {
        int i = L.checkInt(args, 1) + 1;
        LuaTable t = L.checkTable(args, 0);
        Object v = t.rawget(i);
        return v == null ? Lua.NONE : new Object[] {(double) i, v};
    });

    private LuaIterators() {
    }
}
