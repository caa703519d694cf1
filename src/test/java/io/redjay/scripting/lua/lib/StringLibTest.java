package io.redjay.scripting.lua.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaOps;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the table of cases ({@link StringLibCasesTest}) cannot express: replacement tables and functions in
 * {@code gsub}, the installed tables, {@code string.dump}, memory limits and error positions. Expected values are
 * what Redis 7.0.15's Lua returns for the same calls.
 */
class StringLibTest {
    private final LuaState L = new LuaState();
    private final LuaTable string = StringLib.install(L);

    private Object[] call(String fn, Object... args) {
        return L.call(string.rawget(fn), args);
    }

    private static LuaString s(String text) {
        return LuaString.of(text);
    }

    private static LuaString latin1(String text) {
        return LuaString.wrap(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static LuaFunction fn(LuaBuiltin.Body body) {
        return new LuaBuiltin("f", body);
    }

    private String error(String fn, Object... args) {
        return assertThrows(LuaError.class, () -> call(fn, args)).getMessage();
    }

    @Test
    void installsTheStringTableAndTheStringMetatable() {
        assertSame(string, L.globals().rawget("string"));
        assertSame(string, L.stringMetatable().rawget("__index"));
        assertSame(string.rawget("gmatch"), string.rawget("gfind"));
        Object upper = LuaOps.index(L, s("abc"), s("upper"));
        assertEquals(s("ABC"), Lua.first(L.call(upper, new Object[] {s("abc")})));
        for (String name : new String[] {"byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower",
                "match", "rep", "reverse", "sub", "upper"}) {
            assertTrue(string.rawget(name) instanceof LuaFunction, name);
        }
    }

    @Test
    void gsubWithATableLooksUpTheFirstCaptureOrTheWholeMatch() {
        LuaTable t = new LuaTable();
        t.rawset("hello", s("HI"));
        t.rawset("world", Boolean.FALSE);
        assertArrayEquals(new Object[] {s("HI world"), 2.0}, call("gsub", s("hello world"), s("%w+"), t));
        LuaTable numbers = new LuaTable();
        numbers.rawset("a", 1.0);
        numbers.rawset("b", 2.5);
        assertArrayEquals(new Object[] {s("12.5c"), 3.0}, call("gsub", s("abc"), s("(%w)"), numbers));
        assertArrayEquals(new Object[] {s("abc"), 4.0}, call("gsub", s("abc"), s(""), new LuaTable()));
    }

    @Test
    void gsubWithATableFollowsIndexMetamethods() {
        LuaTable meta = new LuaTable();
        meta.rawset("__index", fn((l, a) -> Lua.ret(s(((LuaString) a[1]).toString().toUpperCase()))));
        LuaTable t = new LuaTable();
        t.metatable(meta);
        assertArrayEquals(new Object[] {s("AB CD"), 2.0}, call("gsub", s("ab cd"), s("%w+"), t));
    }

    @Test
    void gsubRefusesAReplacementThatIsNotAStringOrANumber() {
        LuaTable t = new LuaTable();
        t.rawset("hello", new LuaTable());
        assertEquals("invalid replacement value (a table)", error("gsub", s("hello world"), s("%w+"), t));
        assertEquals("invalid replacement value (a boolean)",
                error("gsub", s("abc"), s("%w"), fn((l, a) -> Lua.ret(Boolean.TRUE))));
    }

    @Test
    void gsubWithAFunctionPassesTheCaptures() {
        LuaFunction swap = fn((l, a) -> Lua.ret(((LuaString) a[1]).concat(s("=")).concat((LuaString) a[0])));
        assertArrayEquals(new Object[] {s("v=k, b=a"), 2.0}, call("gsub", s("k=v, a=b"), s("(%w+)=(%w+)"), swap));
        List<Object> seen = new ArrayList<>();
        LuaFunction record = fn((l, a) -> {
            seen.addAll(List.of(a));
            return Lua.ret(LuaOps.concat(l, a[0], a[1]));
        });
        assertArrayEquals(new Object[] {s("a2bc"), 1.0}, call("gsub", s("abc"), s("()(b)"), record));
        assertEquals(List.of(2.0, s("b")), seen);
    }

    @Test
    void gsubWithAFunctionGetsTheWholeMatchWithoutCaptures() {
        List<Object> seen = new ArrayList<>();
        LuaFunction record = fn((l, a) -> {
            seen.add(a[0]);
            return Lua.ret(7.0);
        });
        assertArrayEquals(new Object[] {s("7 7"), 2.0}, call("gsub", s("ab cd"), s("%a+"), record));
        assertEquals(List.of(s("ab"), s("cd")), seen);
    }

    @Test
    void gsubKeepsTheMatchWhenTheFunctionReturnsNilFalseOrNothing() {
        assertArrayEquals(new Object[] {s("abc"), 3.0},
                call("gsub", s("abc"), s("%w"), fn((l, a) -> a[0].equals(s("b")) ? Lua.ret(null) : Lua.ret(false))));
        assertArrayEquals(new Object[] {s("abc"), 3.0}, call("gsub", s("abc"), s("%w"), fn((l, a) -> Lua.NONE)));
    }

    @Test
    void gsubStopsAfterTheGivenNumberOfReplacements() {
        int[] calls = {0};
        LuaFunction counting = fn((l, a) -> {
            calls[0]++;
            return Lua.ret(s("X"));
        });
        assertArrayEquals(new Object[] {s("XXa"), 2.0}, call("gsub", s("aaa"), s("a"), counting, 2.0));
        assertEquals(2, calls[0]);
    }

    @Test
    void gsubErrorsInsideTheReplacementFunctionPropagate() {
        LuaError e = assertThrows(LuaError.class,
                () -> call("gsub", s("abc"), s("b"), fn((l, a) -> { throw new LuaError("boom"); })));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void gmatchIteratorsAreIndependentAndEndForGood() {
        Object it1 = Lua.first(call("gmatch", s("a b"), s("%a")));
        Object it2 = Lua.first(call("gmatch", s("a b"), s("%a")));
        assertArrayEquals(new Object[] {s("a")}, L.call(it1, Lua.NONE));
        assertArrayEquals(new Object[] {s("a")}, L.call(it2, Lua.NONE));
        assertArrayEquals(new Object[] {s("b")}, L.call(it1, Lua.NONE));
        assertArrayEquals(Lua.NONE, L.call(it1, Lua.NONE));
        assertArrayEquals(Lua.NONE, L.call(it1, Lua.NONE));
        assertArrayEquals(new Object[] {s("b")}, L.call(it2, Lua.NONE));
    }

    @Test
    void dumpGivesABinaryChunkHeaderForLuaFunctionsOnly() {
        LuaFunction luaFunction = new LuaFunction() {
            @Override
            public boolean isLua() {
                return true;
            }

            @Override
            protected Object[] invoke(LuaState l, Object[] args) {
                return Lua.NONE;
            }
        };
        LuaString chunk = (LuaString) Lua.first(call("dump", luaFunction));
        assertEquals("\u001bLua", chunk.toString().substring(0, 4));
        assertEquals("unable to dump given function", error("dump", string.rawget("len")));
        assertEquals("bad argument #1 to 'dump' (function expected, got table)", error("dump", new LuaTable()));
    }

    @Test
    void repRefusesResultsOverHalfAGigabyte() {
        LuaError e = assertThrows(LuaError.class, () -> call("rep", s("ab"), 300_000_000.0));
        assertEquals("not enough memory", e.getMessage());
        assertEquals(1 << 20, ((LuaString) Lua.first(call("rep", s("x"), (double) (1 << 20)))).length());
        assertEquals(s("abcabcabcabcabcabcabc"), Lua.first(call("rep", s("abc"), 7.0)));
    }

    @Test
    void resultsAreBytesNotText() {
        LuaString binary = LuaString.wrap(new byte[] {(byte) 0xff, 0, (byte) 0xc3, 'a'});
        assertEquals(LuaString.wrap(new byte[] {(byte) 0xff, 0, (byte) 0xc3, 'A'}), Lua.first(call("upper", binary)));
        assertArrayEquals(new Object[] {3.0, 3.0}, call("find", binary, LuaString.wrap(new byte[] {(byte) 0xc3})));
        assertArrayEquals(new Object[] {LuaString.wrap(new byte[] {(byte) 0xff, 0, (byte) 0xc3})},
                call("match", binary, latin1("[\u0080-\u00ff%z]+")));
    }

    @Test
    void gsubWithoutAMatchReturnsTheSameString() {
        LuaString subject = s("hello");
        assertSame(subject, call("gsub", subject, s("x"), s("y"))[0]);
    }

    @Test
    void patternErrorsArePlacedAtTheLuaCaller() {
        LuaFunction script = new LuaFunction() {
            @Override
            public boolean isLua() {
                return true;
            }

            @Override
            public String chunkName() {
                return "user_script";
            }

            @Override
            protected Object[] invoke(LuaState l, Object[] args) {
                l.line(7);
                return l.call(string.rawget("find"), new Object[] {s("x"), s("[a")});
            }
        };
        LuaError e = assertThrows(LuaError.class, () -> L.call(script, Lua.NONE));
        assertEquals("user_script:7: malformed pattern (missing ']')", e.getMessage());
    }

    @Test
    void hugePatternsFailAsLuaErrors() {
        LuaString pattern = s("a?".repeat(200_000));
        LuaError e = assertThrows(LuaError.class, () -> call("match", s("a".repeat(200_000)), pattern));
        assertEquals("pattern too complex", e.getMessage());
    }
}
