package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaOps;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected values are what Redis 7.0.15's Lua returns for the same calls (redis-cli eval). */
class TableLibTest {
    private final LuaState L = new LuaState();
    private final LuaTable lib = TableLib.install(L);

    /** A line of a script ({@code user_script:1}) calling a function, so errors carry the script's position. */
    private static final class ScriptLine extends LuaFunction {
        @Override
        public boolean isLua() {
            return true;
        }

        @Override
        public String chunkName() {
            return "user_script";
        }

        @Override
        protected Object[] invoke(LuaState L, Object[] args) {
            L.line(1);
            Object[] rest = new Object[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            return L.call(args[0], rest);
        }
    }

    private Object[] call(String name, Object... args) {
        return L.call(lib.rawget(name), args);
    }

    private String error(String name, Object... args) {
        Object[] withFn = new Object[args.length + 1];
        withFn[0] = lib.rawget(name);
        System.arraycopy(args, 0, withFn, 1, args.length);
        return assertThrows(LuaError.class, () -> L.call(new ScriptLine(), withFn)).getMessage();
    }

    private static LuaTable list(Object... values) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < values.length; i++) {
            t.rawset(i + 1, lua(values[i]));
        }
        return t;
    }

    private static Object lua(Object v) {
        if (v instanceof Integer i) {
            return (double) i;
        }
        return v instanceof String s ? LuaString.of(s) : v;
    }

    private static LuaString s(String text) {
        return LuaString.of(text);
    }

    private String joined(LuaTable t) {
        return Lua.first(call("concat", t, s(","))).toString();
    }

    @Test
    void installsTheTableGlobal() {
        assertSame(lib, L.globals().rawget("table"));
    }

    @Test
    void concatJoinsStringsAndNumbersWithTheSeparatorOverTheRange() {
        assertEquals(s("1-2.5-x"), Lua.first(call("concat", list(1, 2.5, "x"), s("-"))));
        assertEquals(s("23"), Lua.first(call("concat", list(1, 2, 3), s(""), 2.0)));
        assertEquals(s("1,2"), Lua.first(call("concat", list(1, 2, 3), s(","), 1.0, 2.0)));
        assertEquals(LuaString.EMPTY, Lua.first(call("concat", list(1, 2, 3), s(""), 3.0, 2.0)));
        assertEquals(LuaString.EMPTY, Lua.first(call("concat", list(), s("x"))));
    }

    @Test
    void concatErrors() {
        assertEquals("user_script:1: invalid value (table) at index 2 in table for 'concat'",
                error("concat", list(1, new LuaTable())));
        assertEquals("user_script:1: invalid value (nil) at index 4 in table for 'concat'",
                error("concat", list(1, 2, 3), s(", "), 2.0, 5.0));
        assertEquals("user_script:1: bad argument #2 to 'concat' (string expected, got table)",
                error("concat", list(1, 2), new LuaTable()));
    }

    @Test
    void insertAppendsOrShiftsUp() {
        LuaTable t = list(1, 2, 3);
        call("insert", t, s("x"));
        assertEquals("1,2,3,x", joined(t));
        t = list(1, 2, 3);
        call("insert", t, 1.0, s("x"));
        assertEquals("x,1,2,3", joined(t));
    }

    @Test
    void insertPastTheEndLeavesAHole() {
        LuaTable t = list(1, 2, 3);
        call("insert", t, 6.0, s("x"));
        assertEquals(3, t.length());
        assertEquals(s("x"), t.rawget(6));
        assertEquals(6.0, Lua.first(call("maxn", t)));
    }

    @Test
    void insertErrors() {
        assertEquals("user_script:1: wrong number of arguments to 'insert'",
                error("insert", new LuaTable(), 1.0, 2.0, 3.0));
        assertEquals("user_script:1: bad argument #1 to 'insert' (table expected, got nil)", error("insert", null, 1.0));
        assertEquals("user_script:1: bad argument #2 to 'insert' (number expected, got string)",
                error("insert", new LuaTable(), s("x"), 1.0));
    }

    @Test
    void insertIntoAReadonlyTableFailsWithoutPosition() {
        LuaTable t = new LuaTable();
        t.readonly(true);
        assertEquals("Attempt to modify a readonly table", error("insert", t, 1.0));
    }

    @Test
    void removeShiftsDownAndReturnsTheElement() {
        LuaTable t = list(1, 2, 3);
        assertArrayEquals(new Object[] {1.0}, call("remove", t, 1.0));
        assertEquals("2,3", joined(t));
        t = list(1, 2, 3);
        assertArrayEquals(new Object[] {3.0}, call("remove", t));
        assertEquals(2, t.length());
        assertEquals(0, call("remove", t, 5.0).length);
        assertEquals(0, call("remove", t, 0.0).length);
        assertEquals(0, call("remove", new LuaTable()).length);
    }

    @Test
    void maxnAndGetn() {
        LuaTable t = list(1, 2);
        t.rawset(10.0, 1.0);
        t.rawset(10.5, 1.0);
        t.rawset(s("x"), 1.0);
        assertEquals(10.5, Lua.first(call("maxn", t)));
        LuaTable negative = new LuaTable();
        negative.rawset(-1.0, 1.0);
        assertEquals(0.0, Lua.first(call("maxn", negative)));
        assertEquals(2.0, Lua.first(call("getn", list(1, 2))));
        assertEquals("user_script:1: bad argument #1 to 'getn' (table expected, got no value)", error("getn"));
    }

    @Test
    void setnIsObsolete() {
        assertEquals("user_script:1: 'setn' is obsolete", error("setn", new LuaTable(), 1.0));
    }

    @Test
    void foreachiStopsAtTheFirstNonNilResult() {
        List<Object> seen = new ArrayList<>();
        LuaBuiltin f = new LuaBuiltin("f", (S, a) -> {
            seen.add(a[0]);
            return a[1].equals(20.0) ? new Object[] {(Double) a[0] * 100} : Lua.NONE;
        });
        assertArrayEquals(new Object[] {200.0}, call("foreachi", list(10, 20, 30), f));
        assertEquals(List.of(1.0, 2.0), seen);
    }

    @Test
    void foreachVisitsEveryPair() {
        LuaTable t = list(10, 20);
        t.rawset(s("k"), s("v"));
        List<String> seen = new ArrayList<>();
        LuaBuiltin f = new LuaBuiltin("f", (S, a) -> {
            seen.add(LuaOps.rawTostring(a[0]) + "=" + LuaOps.rawTostring(a[1]));
            return Lua.NONE;
        });
        assertEquals(0, call("foreach", t, f).length);
        assertEquals(List.of("1=10", "2=20", "k=v"), seen);
        assertEquals("user_script:1: bad argument #2 to 'foreach' (function expected, got nil)",
                error("foreach", new LuaTable(), null));
    }

    @Test
    void sortMakesTheSameComparisonsAsLua51() {
        StringBuilder log = new StringBuilder();
        LuaBuiltin less = new LuaBuiltin("less", (S, a) -> {
            log.append(log.length() == 0 ? "" : " ").append(LuaNumbers.toString((Double) a[0])).append('<')
                    .append(LuaNumbers.toString((Double) a[1]));
            return new Object[] {LuaOps.lt(S, a[0], a[1])};
        });
        LuaTable t = list(5, 3, 8, 1, 9, 2, 7, 4, 6, 0);
        call("sort", t, less);
        assertEquals("0<5 9<0 5<9 3<5 8<5 5<4 1<5 6<5 5<7 5<2 6<5 5<2 9<7 8<7 9<8 6<8 8<8 8<6 6<7 2<0 4<0 2<4"
                + " 3<2 2<1 3<2 2<1 4<3 1<0", log.toString());
        assertEquals("0,1,2,3,4,5,6,7,8,9", joined(t));
    }

    @Test
    void sortLeavesEqualElementsInLua51sOrder() {
        LuaBuiltin byInitial = new LuaBuiltin("byInitial", (S, a) ->
                new Object[] {((LuaString) a[0]).byteAt(0) < ((LuaString) a[1]).byteAt(0)});
        LuaTable t = list("b1", "a1", "b2", "a2", "b3", "a3", "c1", "a4", "b4", "c2", "a5");
        call("sort", t, byInitial);
        assertEquals("a5,a4,a2,a3,a1,b4,b2,b3,b1,c1,c2", joined(t));
    }

    @Test
    void sortDefaultOrderAndDescending() {
        LuaTable t = list("b", "a", "c", "B");
        call("sort", t);
        assertEquals("B,a,b,c", joined(t));
        LuaTable d = list(3, 1, 2);
        call("sort", d, new LuaBuiltin("gt", (S, a) -> new Object[] {LuaOps.lt(S, a[1], a[0])}));
        assertEquals("3,2,1", joined(d));
    }

    @Test
    void sortErrors() {
        LuaBuiltin always = new LuaBuiltin("always", (S, a) -> new Object[] {true});
        assertEquals("user_script:1: invalid order function for sorting", error("sort", list(3, 2, 1, 5, 4), always));
        LuaBuiltin lessOrEqual = new LuaBuiltin("le", (S, a) -> new Object[] {LuaOps.le(S, a[0], a[1])});
        assertEquals("attempt to compare nil with number", error("sort", list(1, 1, 1, 1, 1), lessOrEqual));
        assertEquals("attempt to compare two table values", error("sort", list(new LuaTable(), new LuaTable())));
        assertEquals("attempt to compare string with number", error("sort", list(1, "x")));
        assertEquals("user_script:1: bad argument #2 to 'sort' (function expected, got string)",
                error("sort", list(1, 2, 3), s("x")));
    }
}
