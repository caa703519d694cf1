package io.redjay.scripting.lua.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redjay.scripting.lua.LuaBuiltin;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.LuaUserdata;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** cmsgpack against the bytes and values Redis 7.0.15's {@code cmsgpack} gives ({@code redis-cli eval}). */
class CmsgpackLibTest {
    private final LuaState L = new LuaState();
    private final LuaTable cmsgpack = CmsgpackLib.install(L);

    private Object[] call(String name, Object... args) {
        return L.call(cmsgpack.rawget(name), args);
    }

    private String pack(Object... values) {
        return HexFormat.of().formatHex(((LuaString) call("pack", values)[0]).bytes());
    }

    private static LuaString bytes(String hex) {
        return LuaString.wrap(HexFormat.of().parseHex(hex));
    }

    private String error(String name, Object... args) {
        return assertThrows(LuaError.class, () -> call(name, args)).getMessage();
    }

    /** One byte per char. */
    private static LuaString raw(String v) {
        return LuaString.wrap(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static LuaString s(String v) {
        return LuaString.of(v);
    }

    private static LuaTable array(Object... values) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < values.length; i++) {
            t.rawset(i + 1, values[i]);
        }
        return t;
    }

    private static LuaTable table(Object... keysAndValues) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object k = keysAndValues[i];
            t.rawset(k instanceof String str ? s(str) : k, keysAndValues[i + 1]);
        }
        return t;
    }

    @Test
    void integersTakeTheShortestForm() {
        double[] values = {1, 0, -1, -32, -33, 127, 128, 255, 256, 65535, 65536, 0x1p32 - 1, 0x1p32, -128, -129,
            -32768, -32769, -0x1p31, -0x1p31 - 1, 0x1p53, -0x1p63, -0.0};
        String[] expected = {"01", "00", "ff", "e0", "d0df", "7f", "cc80", "ccff", "cd0100", "cdffff", "ce00010000",
            "ceffffffff", "cf0000000100000000", "d080", "d1ff7f", "d18000", "d2ffff7fff", "d280000000",
            "d3ffffffff7fffffff", "cf0020000000000000", "d38000000000000000", "00"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], pack(values[i]), "pack(" + values[i] + ")");
        }
    }

    @Test
    void otherNumbersAreFloatsWhenAFloatHoldsThem() {
        assertEquals("ca5f000000", pack(0x1p63));
        assertEquals("ca5f800000", pack(0x1p64));
        assertEquals("ca3fc00000", pack(1.5));
        assertEquals("cb3fb999999999999a", pack(0.1));
        assertEquals("ca7f800000", pack(Double.POSITIVE_INFINITY));
        assertEquals("caff800000", pack(Double.NEGATIVE_INFINITY));
        assertEquals("cb7e37e43c8800759c", pack(1e300));
        assertEquals("ca7f7fffff", pack(3.4028234663852886e38));
        assertTrue(pack(Double.NaN).startsWith("cb7ff8"));
    }

    @Test
    void stringsAndScalars() {
        assertEquals("a3616263", pack(s("abc")));
        assertEquals("bf" + "78".repeat(31), pack(s("x".repeat(31))));
        assertEquals("d920" + "78".repeat(32), pack(s("x".repeat(32))));
        assertEquals("d9ff" + "78".repeat(255), pack(s("x".repeat(255))));
        assertEquals("da0100" + "78".repeat(256), pack(s("x".repeat(256))));
        assertTrue(pack(s("x".repeat(65536))).startsWith("db0001000078"));
        assertEquals("c3", pack(true));
        assertEquals("c2", pack(false));
        assertEquals("c0", pack((Object) null));
        assertEquals("c0", pack(new LuaBuiltin("f", (st, a) -> a)));
        assertEquals("c0", pack(new LuaUserdata(null)));
        assertEquals("0102a161", pack(1.0, 2.0, s("a")));
    }

    @Test
    void tablesAreArraysWhenKeyedOneToN() {
        assertEquals("90", pack(new LuaTable()));
        assertEquals("93010203", pack(array(1.0, 2.0, 3.0)));
        assertEquals("81a16101", pack(table("a", 1.0)));
        assertEquals("810201", pack(table(2.0, 1.0)));
        assertEquals("81ca3fc0000001", pack(table(1.5, 1.0)));
        assertEquals("810001", pack(table(0.0, 1.0)));
        String holes = pack(table(1.0, 1.0, 3.0, 3.0));
        assertTrue(holes.equals("8201010303") || holes.equals("8203030101"), holes);
        String gap = pack(table(1.0, 1.0, 2.0, 2.0, 4.0, 3.0));
        assertTrue(gap.startsWith("83") && gap.length() == 14 && gap.contains("0101") && gap.contains("0202")
                && gap.contains("0403"), gap);
    }

    @Test
    void nestingBeyondSixteenIsNil() {
        LuaTable cycle = new LuaTable();
        cycle.rawset(1, cycle);
        assertEquals("91".repeat(16) + "c0", pack(cycle));
        LuaTable viaKey = new LuaTable();
        viaKey.rawset(s("a"), viaKey);
        assertEquals("81a161".repeat(16) + "c0", pack(viaKey));
        LuaTable asKey = new LuaTable();
        asKey.rawset(asKey, 1.0);
        assertEquals("81".repeat(16) + "c0" + "01".repeat(16), pack(asKey));
    }

    @Test
    void packArgumentErrorsAndStackLimits() {
        assertEquals("bad argument #0 to 'pack' (MessagePack pack needs input.)", error("pack"));
        Object[] many = new Object[4001];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1.0;
        }
        assertEquals("bad argument #0 to 'pack' (Too many arguments for MessagePack pack.)", error("pack", many));
        assertEquals(11618, ((LuaString) call("pack", java.util.Arrays.copyOf(many, 4000))[0]).length());
        assertEquals("stack overflow (in function table_is_an_array)", error("pack", tables(4000, LuaTable::new)));
        assertEquals(3999, ((LuaString) call("pack", tables(3999, LuaTable::new))[0]).length());
        assertEquals("stack overflow (in function mp_encode_lua_table_as_map)",
                error("pack", tables(3999, () -> table("a", 1.0))));
        assertEquals(19990, ((LuaString) call("pack", tables(3998, () -> table("a", array(1.0))))[0]).length());
        assertEquals("stack overflow (in function table_is_an_array)",
                error("pack", tables(3999, () -> table("a", array(1.0)))));
    }

    private static Object[] tables(int n, java.util.function.Supplier<LuaTable> make) {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = make.get();
        }
        return out;
    }

    // ---------------------------------------------------------------- unpack

    @Test
    void unpackReturnsEveryObject() {
        assertArrayEquals(new Object[] {1.0, 2.0, 3.0, 4.0}, call("unpack", bytes("01020304")));
        assertArrayEquals(new Object[0], call("unpack", s("")));
        assertArrayEquals(new Object[] {49.0}, call("unpack", 1.0));
        assertEquals("bad argument #1 to 'unpack' (string expected, got no value)", error("unpack"));
    }

    @Test
    void unpackedValues() {
        String[] hex = {"cfffffffffffffffff", "cf8000000000000000", "d3ffffffffffffffff", "d1ff7f", "d2ffff7fff",
            "ca3fc00000", "ce80000000", "d080", "f0", "d903616263", "c3", "c2", "ccff", "cd0100"};
        Object[] expected = {-1.0, -0x1p63, -1.0, -129.0, -32769.0, 1.5, 2147483648.0, -128.0, -16.0, s("abc"),
            true, false, 255.0, 256.0};
        for (int i = 0; i < hex.length; i++) {
            assertArrayEquals(new Object[] {expected[i]}, call("unpack", bytes(hex[i])), hex[i]);
        }
        assertEquals((double) 0.1f, call("unpack", bytes("ca3dcccccd"))[0]);
        Object nan = call("unpack", bytes("cbfff8000000000000"))[0];
        assertEquals(0xfff8000000000000L, Double.doubleToRawLongBits((Double) nan));
        assertArrayEquals(new Object[] {null}, call("unpack", bytes("c0")));
    }

    @Test
    void unpackedTables() {
        LuaTable map = (LuaTable) call("unpack", bytes("82a16101a16202"))[0];
        assertEquals(1.0, map.rawget("a"));
        assertEquals(2.0, map.rawget("b"));
        LuaTable a16 = (LuaTable) call("unpack", bytes("dc000101"))[0];
        assertEquals(1, a16.length());
        assertEquals(1.0, a16.rawget(1));
        assertEquals(1.0, ((LuaTable) call("unpack", bytes("de0001a16101"))[0]).rawget("a"));
        Object[] two = call("unpack", bytes("910203"));
        assertEquals(2.0, ((LuaTable) two[0]).rawget(1));
        assertEquals(3.0, two[1]);
        LuaTable nils = (LuaTable) call("unpack", bytes("92c0c0"))[0];
        Object[] kv = new Object[2];
        assertTrue(!nils.next(null, kv));
        LuaTable nested = (LuaTable) call("unpack", bytes("9291c001"))[0];
        assertEquals(0, ((LuaTable) nested.rawget(1)).length());
        assertEquals(1.0, nested.rawget(2));
        assertEquals("table index is nil", error("unpack", bytes("81c0c0")));
    }

    @Test
    void unpackErrors() {
        String[][] cases = {
            {"cd01", "Missing bytes in input."}, {"c1", "Bad data format in input."},
            {"c4", "Bad data format in input."}, {"92", "Missing bytes in input."},
            {"9201", "Missing bytes in input."}, {"8101", "Missing bytes in input."},
            {"d90361", "Missing bytes in input."}, {"db00000001", "Missing bytes in input."},
            {"dd00000001", "Missing bytes in input."},
        };
        for (String[] c : cases) {
            assertEquals(c[1], error("unpack", bytes(c[0])), c[0]);
        }
    }

    @Test
    void unpackOneAndLimitReturnTheNextOffsetFirst() {
        LuaString three = bytes("010203");
        assertArrayEquals(new Object[] {-1.0}, call("unpack_one", s("")));
        assertArrayEquals(new Object[] {1.0, 1.0}, call("unpack_one", three));
        assertArrayEquals(new Object[] {2.0, 2.0}, call("unpack_one", three, 1.0));
        assertArrayEquals(new Object[] {-1.0, 3.0}, call("unpack_one", three, 2.0));
        assertArrayEquals(new Object[] {-1.0}, call("unpack_one", three, 3.0));
        assertArrayEquals(new Object[] {-1.0, 2.0}, call("unpack_one", bytes("0102"), 1.9));
        assertEquals("Start offset 4 greater than input length 3.", error("unpack_one", three, 4.0));
        assertEquals("Invalid request to unpack with offset of -1 and limit of 3.", error("unpack_one", three, -1.0));
        assertEquals("Start offset 0 greater than input length 2.", error("unpack_one", bytes("0102"), 0x1p40));
        assertArrayEquals(new Object[] {2.0, 1.0, 2.0}, call("unpack_limit", three, 2.0));
        assertArrayEquals(new Object[] {1.0, 2.0, 3.0}, call("unpack_limit", three, 0.0));
        assertArrayEquals(new Object[] {1.0}, call("unpack_limit", three, 0.0, 1.0));
        assertArrayEquals(new Object[] {-1.0, 2.0, 3.0}, call("unpack_limit", three, 5.0, 1.0));
        assertEquals("Invalid request to unpack with offset of 0 and limit of 3.", error("unpack_limit", three, -1.0));
        assertEquals("bad argument #2 to 'unpack_limit' (number expected, got no value)", error("unpack_limit", three));
        assertEquals("bad argument #2 to 'unpack_one' (number expected, got string)",
                error("unpack_one", bytes("01"), s("x")));
        assertEquals("bad argument #1 to 'unpack_one' (string expected, got nil)", error("unpack_one", null, 1.0));
        assertEquals("bad argument #1 to 'unpack_one' (string expected, got no value)", error("unpack_one"));
    }

    @Test
    void unpackStackLimits() {
        assertEquals(7999, call("unpack", raw("\1".repeat(7999))).length);
        assertEquals("stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)",
                error("unpack", raw("\1".repeat(8000))));
        assertEquals(7997, call("unpack", raw("\1".repeat(7996) + "\u0091\1")).length);
        assertEquals("stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)",
                error("unpack", raw("\1".repeat(7997) + "\u0091\1")));
        assertEquals(7998, call("unpack", raw("\1".repeat(7997) + "\u0090")).length);
        assertEquals("stack overflow (in function mp_decode_to_lua_array)",
                error("unpack", raw("\1".repeat(7998) + "\u0090")));
        assertEquals(7997, call("unpack", raw("\1".repeat(7996) + "\u0081\1\1")).length);
        assertEquals(7999, call("unpack_limit", raw("\1".repeat(7998)), 8000.0).length);
        assertEquals("stack overflow (in function mp_unpack_full)",
                error("unpack_limit", raw("\1".repeat(7999)), 8000.0));
        // nesting is bounded by the same slots (two per array level, one per level of maps nested as keys)
        assertEquals("Missing bytes in input.", error("unpack", raw("\u0091".repeat(3999))));
        assertEquals("stack overflow (in function mp_decode_to_lua_array)", error("unpack", raw("\u0091".repeat(4000))));
        assertEquals("Missing bytes in input.", error("unpack", raw("\u0081".repeat(7999))));
        assertEquals("stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)",
                error("unpack", raw("\u0081".repeat(8000))));
        assertEquals("stack overflow (in function mp_decode_to_lua_array)",
                error("unpack", raw("\u0091".repeat(100000))));
    }

    @Test
    void moduleFields() {
        assertSame(cmsgpack, L.globals().rawget("cmsgpack"));
        assertEquals(s("cmsgpack"), cmsgpack.rawget("_NAME"));
        assertEquals(s("lua-cmsgpack 0.4.0"), cmsgpack.rawget("_VERSION"));
        assertEquals(s("Copyright (C) 2012, Salvatore Sanfilippo"), cmsgpack.rawget("_COPYRIGHT"));
        assertEquals(s("MessagePack C implementation for Lua"), cmsgpack.rawget("_DESCRIPTION"));
    }

    @Test
    void roundTrip() {
        LuaTable t = table("k", array(1.0, s("two"), 3.5), 7.0, true);
        LuaTable back = (LuaTable) call("unpack", call("pack", t)[0])[0];
        LuaTable inner = (LuaTable) back.rawget("k");
        assertEquals(s("two"), inner.rawget(2));
        assertEquals(3.5, inner.rawget(3));
        assertEquals(Boolean.TRUE, back.rawget(7.0));
    }
}
