package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected values are what Redis 7.0.15's {@code bit} library returns (redis-cli eval). */
class BitLibTest {
    private final LuaState L = new LuaState();
    private final LuaTable lib = BitLib.install(L);

    private Object call(String name, Object... args) {
        return Lua.first(L.call(lib.rawget(name), args));
    }

    private double num(String name, Object... args) {
        return (Double) call(name, args);
    }

    private String hex(Object... args) {
        return call("tohex", args).toString();
    }

    private String error(String name, Object... args) {
        return assertThrows(LuaError.class, () -> L.call(lib.rawget(name), args)).getMessage();
    }

    @Test
    void installsTheBitGlobal() {
        assertSame(lib, L.globals().rawget("bit"));
    }

    @Test
    void tobitRoundsToEvenAndWrapsModulo2To32() {
        assertEquals(0, num("tobit", 0.5));
        assertEquals(2, num("tobit", 1.5));
        assertEquals(2, num("tobit", 2.5));
        assertEquals(0, num("tobit", -0.5));
        assertEquals(-2, num("tobit", -1.5));
        assertEquals(-2147483648, num("tobit", 0x1p31));
        assertEquals(1, num("tobit", 0x1p32 + 1));
        assertEquals(2147483647, num("tobit", -0x1p31 - 1));
        assertEquals(0, num("tobit", 4294967295.6));
    }

    @Test
    void tobitOfHugeNumbersIsWhatTheDoubleTrickLeaves() {
        assertEquals(0, num("tobit", 0x1p52));
        assertEquals(1, num("tobit", 0x1p53 + 2));
        assertEquals(0, num("tobit", 0x1p60 + 0x1p40 + 7));
        assertEquals(-2013235812, num("tobit", 1e300));
        assertEquals(0, num("tobit", Double.POSITIVE_INFINITY));
        assertEquals(0, num("tobit", Double.NEGATIVE_INFINITY));
        assertEquals(0, num("tobit", Double.NaN));
        assertEquals(0, num("tobit", 0x1p51 + 0.5));
        assertEquals(-7, num("tobit", -0x1p51 - 3.5));
    }

    @Test
    void numericStringsAreNumbers() {
        assertEquals(16, num("tobit", LuaString.of("0x10")));
        assertEquals(12, num("tobit", LuaString.of(" 12 ")));
        assertEquals(0, num("tobit", LuaString.of("0")));
    }

    @Test
    void operations() {
        assertEquals(-1, num("bnot", 0.0));
        assertEquals(240, num("band", 255.0, 240.0, 4095.0));
        assertEquals(7, num("bor", 1.0, 2.0, 4.0));
        assertEquals(4, num("bxor", 7.0, 2.0, 1.0));
        assertEquals(-2147483648, num("lshift", 1.0, 31.0));
        assertEquals(2, num("lshift", 1.0, 33.0));
        assertEquals(15, num("rshift", -1.0, 28.0));
        assertEquals(16, num("rshift", 256.0, -28.0));
        assertEquals(-16, num("arshift", -256.0, 4.0));
        assertEquals(878082066, num("rol", (double) 0x12345678, 8.0));
        assertEquals(2014458966, num("ror", (double) 0x12345678, 8.0));
        assertEquals(-2147483648, num("rol", 1.0, -1.0));
        assertEquals(2018915346, num("bswap", (double) 0x12345678));
    }

    @Test
    void tohex() {
        assertEquals("ffffffff", hex(-1.0));
        assertEquals("ff", hex(255.0, 2.0));
        assertEquals("", hex(1.0, 0.0));
        assertEquals("00000001", hex(1.0, 12.0));
        assertEquals("00000010", hex(LuaString.of("0x10")));
        assertEquals("1234abcd", hex((double) 0x1234abcd, 2147483647.0));
        assertEquals("FFFF", hex(65535.0, -4.0));
        assertEquals("FFFFFFFE", hex(-2.0, -8.0));
    }

    @Test
    void tohexOfTheMostNegativeWidthIsEightUpperCaseDigits() {
        assertEquals("0000FFFF", hex(65535.0, -2147483648.0));
    }

    @Test
    void argumentErrorsNameTheLastBadArgumentFirst() {
        assertEquals("bad argument #1 to 'tobit' (number expected, got string)", error("tobit", LuaString.of("x")));
        assertEquals("bad argument #1 to 'tobit' (number expected, got no value)", error("tobit"));
        assertEquals("bad argument #3 to 'band' (number expected, got table)",
                error("band", 1.0, LuaString.of("x"), new LuaTable()));
        assertEquals("bad argument #3 to 'bor' (number expected, got string)",
                error("bor", 1.0, new LuaTable(), LuaString.of("x")));
        assertEquals("bad argument #2 to 'lshift' (number expected, got no value)", error("lshift", 1.0));
        assertEquals("bad argument #2 to 'tohex' (number expected, got nil)", error("tohex", 1.0, null));
    }
}
