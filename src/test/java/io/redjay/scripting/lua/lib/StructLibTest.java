package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaFunction;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Expected values are what Redis 7.0.15's {@code struct} library returns (redis-cli eval; packed strings read as
 * hexadecimal, unpacked numbers through {@code tostring}).
 */
class StructLibTest {
    private static final HexFormat HEX = HexFormat.of();

    private final LuaState L = new LuaState();
    private final LuaTable lib = StructLib.install(L);

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

    private static Object lua(Object v) {
        if (v instanceof Integer i) {
            return (double) i;
        }
        return v instanceof String s ? LuaString.of(s) : v;
    }

    private static Object[] lua(Object[] args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = lua(args[i]);
        }
        return out;
    }

    private String pack(String fmt, Object... values) {
        Object[] args = new Object[values.length + 1];
        args[0] = LuaString.of(fmt);
        System.arraycopy(lua(values), 0, args, 1, values.length);
        return HEX.formatHex(((LuaString) Lua.first(L.call(lib.rawget("pack"), args))).bytes());
    }

    private static LuaString bytes(String hex) {
        return LuaString.wrap(HEX.parseHex(hex));
    }

    /** unpack's results, numbers by {@code tostring}, strings as they are, joined by spaces. */
    private String unpack(Object... args) {
        List<String> out = new ArrayList<>();
        for (Object r : L.call(lib.rawget("unpack"), lua(args))) {
            out.add(r instanceof Double d ? LuaNumbers.toString(d) : r.toString());
        }
        return String.join(" ", out);
    }

    private double size(String fmt) {
        return (Double) Lua.first(L.call(lib.rawget("size"), new Object[] {LuaString.of(fmt)}));
    }

    private LuaString error(String name, Object... args) {
        Object[] withFn = new Object[args.length + 1];
        withFn[0] = lib.rawget(name);
        System.arraycopy(lua(args), 0, withFn, 1, args.length);
        return (LuaString) assertThrows(LuaError.class, () -> L.call(new ScriptLine(), withFn)).value();
    }

    private String errorText(String name, Object... args) {
        return error(name, args).toString();
    }

    @Test
    void installsTheStructGlobal() {
        assertSame(lib, L.globals().rawget("struct"));
    }

    @Test
    void packsEveryIntegerTypeInBothByteOrders() {
        assertEquals("fffffefffefffdffffffffffffff03000000000000000400000000000000fbffffff05000000",
                pack("bBhHlLTiI", -1, 255, -2, 65534, -3, 3, 4, -5, 5));
        assertEquals("fffffffefffefffffffffffffffd00000000000000030000000000000004fffffffb00000005",
                pack(">bBhHlLTiI", -1, 255, -2, 65534, -3, 3, 4, -5, 5));
        assertEquals("fffffe", pack(">i3", -2));
        assertEquals("2c", pack("b", 300.7));
        assertEquals("ff", pack("B", -1.9));
        assertEquals("06", pack("i0b", 5, 6));
    }

    @Test
    void packConvertsNumbersAsX86Does() {
        assertEquals("0000000000000080", pack("<L", Double.NaN));
        assertEquals("0000000000000000", pack("<L", 0x1p64));
        assertEquals("0000000000000080", pack("<L", -0x1p64));
        assertEquals("0000e8890423c78a", pack("<l", 1e19));
        assertEquals("feffffffffffffff0000000000000000", pack("<i16", -2));
    }

    @Test
    void packAligns() {
        assertEquals("0100000002000000", pack("!4bi", 1, 2));
        assertEquals("000001000002030000", pack("!i3bi3", 1, 2, 3));
        assertEquals("0100000000000000000000000000f03f", pack("!bd", 1, 1));
        assertEquals("0100000000000000f03f", pack("!2bd", 1, 1));
        assertEquals("01000000000000000100000000000000", pack("!bT", 1, 1));
    }

    @Test
    void packsFloatsStringsAndPadding() {
        assertEquals("3fc000000000000000000240", pack(">f<d", 1.5, 2.25));
        assertEquals("0000807f", pack("<f", 1e40));
        assertEquals("cdcccc3d", pack("<f", 0.1));
        assertEquals("006178797a7100", pack("xcc3s", "ab", "xyzw", "q"));
        assertEquals("78797a0007", pack("c0 > i2", "xyz", "7"));
        assertEquals("61006200", pack("s", "a\0b"));
        assertEquals("31", pack("c", 12));
    }

    @Test
    void theFormatEndsAtItsFirstZeroByte() {
        assertEquals("01", pack("b\0b", 1, 2));
    }

    @Test
    void packErrors() {
        assertEquals("user_script:1: bad argument #3 to 'pack' (string too short)", errorText("pack", "c2", "a"));
        assertEquals("user_script:1: bad argument #1 to 'pack' (invalid format option 'z')",
                errorText("pack", "z", 1));
        assertEquals("user_script:1: alignment 3 is not a power of 2", errorText("pack", "!3", 1));
        assertEquals("user_script:1: integral size 33 is larger than limit of 32", errorText("pack", "i33", 1));
        assertEquals("user_script:1: integral size overflow", errorText("pack", "i99999999999", 1));
        assertEquals("user_script:1: bad argument #2 to 'pack' (number expected, got string)",
                errorText("pack", "i", "x"));
    }

    @Test
    void theFirstMissingPackValueIsNilAsCsStackShowsIt() {
        assertEquals("user_script:1: bad argument #2 to 'pack' (number expected, got nil)", errorText("pack", "i"));
        assertEquals("user_script:1: bad argument #3 to 'pack' (number expected, got nil)",
                errorText("pack", "iii", 1));
        assertEquals("user_script:1: bad argument #3 to 'pack' (string expected, got nil)",
                errorText("pack", "ic", 1));
    }

    @Test
    void anInvalidOptionIsQuotedAsItsByte() {
        byte[] expected = "user_script:1: bad argument #1 to 'pack' (invalid format option '?')".getBytes();
        expected[expected.length - 3] = (byte) 200;
        assertArrayEquals(expected, error("pack", LuaString.wrap(new byte[] {(byte) 200}), "xyz").bytes());
    }

    @Test
    void unpacksWhatItPacked() {
        LuaString packed = bytes("fffffffefffefffffffffffffffd00000000000000030000000000000004fffffffb00000005");
        assertEquals("-1 255 -2 65534 -3 3 4 -5 5 39", unpack(">bBhHlLTiI", packed));
        assertEquals("-2 16777214 7", unpack("<i3 >I3", bytes("fe" + "ff".repeat(4) + "fe")));
    }

    @Test
    void unpacksWideIntegersFromTheirLastEightBytes() {
        assertEquals("-2 17", unpack("<i16", bytes("feffffffffffffff0000000000000000")));
        assertEquals("-1 10", unpack("<i9", bytes("ffffffffffffffff01")));
        assertEquals("9.2233720368548e+18 10", unpack("<I9", bytes("000000000000008001")));
        assertEquals("1.844674407371e+19 9", unpack("<L", bytes("ffffffffffffffff")));
    }

    @Test
    void unpacksFloatsWithTheirNaNSigns() {
        assertEquals("-nan 9", unpack("<d", bytes("000000000000f8ff")));
        assertEquals("nan 5", unpack("<f", bytes("0000c07f")));
        assertEquals("0.1 9", unpack(">d", bytes(pack(">d", 0.1))));
        assertEquals("0.10000000149012 5", unpack("<f", bytes(pack("<f", 0.1))));
    }

    @Test
    void unpacksStringsAndCountedStrings() {
        assertEquals("abc 5", unpack("bc0", "\3abcd"));
        assertEquals("ab 4", unpack("c1c0", "2abcd"));
        assertEquals("ab 99 5", unpack("sb", "ab\0c"));
    }

    @Test
    void unpackStartsAtTheGivenPosition() {
        assertEquals("b 3", unpack("c", "abcd", 2.9));
        assertEquals("10", unpack("", "a", 10));
        assertEquals("1 2 9", unpack("!4bxi", bytes("0100000002000000"), 1));
        assertEquals("1 2 9", unpack("!4bi", bytes("0100000002000000")));
    }

    @Test
    void unpackErrors() {
        assertEquals("user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater)",
                errorText("unpack", "b", "a", 0));
        assertEquals("user_script:1: bad argument #2 to 'unpack' (data string too short)",
                errorText("unpack", "b", "a", -1));
        assertEquals("user_script:1: bad argument #2 to 'unpack' (data string too short)",
                errorText("unpack", "b", "a", 2));
        assertEquals("user_script:1: bad argument #2 to 'unpack' (data string too short)",
                errorText("unpack", "bi", "a"));
        assertEquals("user_script:1: bad argument #2 to 'unpack' (data string too short)",
                errorText("unpack", "bc0", bytes("ff616263")));
        assertEquals("user_script:1: format 'c0' needs a previous size", errorText("unpack", "c0", "abcd"));
        assertEquals("user_script:1: format 'c0' needs a previous size", errorText("unpack", "c2c0", "3abcd"));
        assertEquals("user_script:1: unfinished string in data", errorText("unpack", "s", "abcd"));
        assertEquals("user_script:1: bad argument #1 to 'unpack' (invalid format option 'z')",
                errorText("unpack", "z", "abcd"));
    }

    @Test
    void unpackRunsOutOfStackWhereCLuaDoes() {
        String data = "a".repeat(8000);
        assertEquals(7998, L.call(lib.rawget("unpack"), lua(new Object[] {"b".repeat(7997), data})).length);
        assertEquals("user_script:1: stack overflow (too many results)",
                errorText("unpack", "b".repeat(7998), data));
        assertEquals("user_script:1: stack overflow (too many results)",
                errorText("unpack", "b".repeat(7997), data, 1));
    }

    @Test
    void sizeOfFixedFormats() {
        assertEquals(16, size("!4bizd"));
        assertEquals(7, size("i3i"));
        assertEquals(12, size("!i3i"));
        assertEquals(37, size("xbhlfdc5T"));
        assertEquals(0, size(""));
    }

    @Test
    void sizeErrors() {
        assertEquals("user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)", errorText("size", "bs"));
        assertEquals("user_script:1: bad argument #1 to 'size' (option 'c0' has no fixed size)",
                errorText("size", "c0"));
        assertEquals("user_script:1: bad argument #1 to 'size' (invalid format option '?')", errorText("size", "b?"));
    }
}
