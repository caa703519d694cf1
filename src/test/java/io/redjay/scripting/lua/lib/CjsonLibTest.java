package io.redjay.scripting.lua.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import io.redjay.scripting.lua.LuaUserdata;
import io.redjay.scripting.lua.LuaBuiltin;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** cjson against what Redis 7.0.15's {@code redis-cli eval "return cjson..." 0} returns. */
class CjsonLibTest {
    private final LuaState L = new LuaState();
    private final LuaTable cjson = CjsonLib.install(L);

    private Object[] call(LuaTable module, String name, Object... args) {
        return L.call(module.rawget(name), args);
    }

    private Object[] call(String name, Object... args) {
        return call(cjson, name, args);
    }

    private String encode(Object v) {
        return call("encode", v)[0].toString();
    }

    private Object decode(String json) {
        return call("decode", LuaString.of(json))[0];
    }

    private String error(String name, Object... args) {
        LuaError e = assertThrows(LuaError.class, () -> call(name, args));
        return e.getMessage();
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

    /** The members of a flat JSON object, whose order follows table traversal and so may differ from Redis's. */
    private static Set<String> members(String object) {
        assertTrue(object.startsWith("{") && object.endsWith("}"), object);
        return new HashSet<>(List.of(object.substring(1, object.length() - 1).split(",")));
    }

    // ---------------------------------------------------------------- encode

    @Test
    void encodesArraysObjectsAndScalars() {
        assertEquals("[1,2,{\"a\":1}]", encode(array(1.0, 2.0, table("a", 1.0))));
        assertEquals("{}", encode(new LuaTable()));
        assertEquals("[1,null,3]", encode(table(1.0, 1.0, 3.0, 3.0)));
        assertEquals("\"abc\"", encode(s("abc")));
        assertEquals("true", encode(Boolean.TRUE));
        assertEquals("false", encode(Boolean.FALSE));
        assertEquals("null", encode(null));
        assertEquals("null", encode(cjson.rawget("null")));
        assertEquals(Set.of("\"a\":{}", "\"b\":[\"x\"]"), members(encode(table("a", new LuaTable(), "b", array(s("x"))))));
        assertEquals(Set.of("\"1\":1", "\"x\":2"), members(encode(table(1.0, 1.0, "x", 2.0))));
    }

    @Test
    void numberKeysMakeObjectsUnlessTheyArePositiveIntegers() {
        assertEquals("{\"0\":1}", encode(table(0.0, 1.0)));
        assertEquals("{\"-1\":1}", encode(table(-1.0, 1.0)));
        assertEquals("{\"1.5\":1}", encode(table(1.5, 1.0)));
        assertEquals("{\"1e+20\":1}", encode(table(1e20, 1.0)));
        // lua-cjson's int holding the largest key turns 2^31 and more into INT_MIN: an object
        assertEquals("{\"1099511627776\":1}", encode(table(0x1p40, 1.0)));
        assertEquals("{\"2147483648\":1}", encode(table(0x1p31, 1.0)));
    }

    @Test
    void sparseArrays() {
        assertEquals("[null,null,null,null,null,null,null,null,null,1]", encode(table(10.0, 1.0)));
        assertEquals("Cannot serialise table: excessively sparse array", error("encode", table(11.0, 1.0)));
        assertEquals("Cannot serialise table: excessively sparse array", error("encode", table(0x1p31 - 1, 1.0)));
        assertArrayEquals(new Object[] {Boolean.FALSE, 2.0, 10.0}, call("encode_sparse_array"));
        assertArrayEquals(new Object[] {Boolean.TRUE, 3.0, 5.0}, call("encode_sparse_array", true, 3.0, 5.0));
        assertEquals("{\"20\":1}", encode(table(20.0, 1.0)));
        assertEquals("[1,1,null,null,null,null,null,null,1]", encode(table(1.0, 1.0, 2.0, 1.0, 9.0, 1.0)));
        assertEquals(Set.of("\"1\":1", "\"10\":1"), members(encode(table(1.0, 1.0, 10.0, 1.0))));
        call("encode_sparse_array", null, 0.0);
        assertEquals("[" + "null,".repeat(39) + "1]", encode(table(40.0, 1.0)));
    }

    @Test
    void sparseArrayOptionErrors() {
        assertEquals("bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)",
                error("encode_sparse_array", null, -1.0));
        assertEquals("bad argument #1 to 'encode_sparse_array' (invalid option 'maybe')",
                error("encode_sparse_array", s("maybe")));
        assertEquals("bad argument #1 to 'encode_sparse_array' (invalid option '1')", error("encode_sparse_array", 1.0));
        assertEquals("bad argument #2 to 'encode_sparse_array' (number expected, got string)",
                error("encode_sparse_array", null, s("x")));
        assertEquals("bad argument #4 to 'encode_sparse_array' (found too many arguments)",
                error("encode_sparse_array", null, null, null, null));
    }

    @Test
    void unsupportedValuesAndKeys() {
        assertEquals("Cannot serialise boolean: table key must be a number or string",
                error("encode", table(true, 1.0)));
        assertEquals("Cannot serialise function: type not supported",
                error("encode", new LuaBuiltin("f", (st, a) -> a)));
        assertEquals("Cannot serialise userdata: type not supported", error("encode", new LuaUserdata(null)));
        assertEquals("bad argument #1 to 'encode' (expected 1 argument)", error("encode"));
        assertEquals("bad argument #1 to 'encode' (expected 1 argument)", error("encode", 1.0, 2.0));
    }

    @Test
    void escapesStrings() {
        byte[] raw = {'a', '/', 'b', '"', '\\', 1, 0x7f, (byte) 0x80, '\n', '\t', '\b', '\f', '\r', 0x1f};
        byte[] json = ((LuaString) call("encode", LuaString.wrap(raw))[0]).bytes();
        String before = "\"a\\/b\\\"\\\\\\u0001\\u007f";
        String after = "\\n\\t\\b\\f\\r\\u001f\"";
        byte[] expected = (before + "\u0080" + after).getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, json);
    }

    @Test
    void numbersUseTheConfiguredPrecision() {
        assertEquals("0.1", encode(0.1));
        assertEquals("0.3", encode(0.1 + 0.2));
        assertEquals("-0", encode(-0.0));
        assertEquals("1e+300", encode(1e300));
        assertEquals("1e+15", encode(1e15));
        assertEquals("-123456789", encode(-123456789.0));
        assertEquals("1.2345678901234e+14", encode(123456789012345.0));
        assertEquals("9.2233720368548e+18", encode(0x1p63));
        assertEquals("4.9406564584125e-324", encode(Double.MIN_VALUE));
        assertEquals("[3.1415926535898,1e-05,1.234e-05,9.007199254741e+15,-9.2233720368548e+18]",
                encode(array(3.14159265358979, 1e-5, 0.00001234, 0x1p53, -0x1p63)));
        assertArrayEquals(new Object[] {3.0}, call("encode_number_precision", 3.0));
        assertEquals("3.14", encode(3.14159));
        assertEquals("1.23e+03", encode(1234.0));
        assertEquals("bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)",
                error("encode_number_precision", 15.0));
        assertEquals("bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)",
                error("encode_number_precision", 0.0));
        assertEquals("bad argument #1 to 'encode_number_precision' (number expected, got string)",
                error("encode_number_precision", s("x")));
        assertEquals("bad argument #2 to 'encode_number_precision' (found too many arguments)",
                error("encode_number_precision", 1.0, 2.0));
    }

    @Test
    void invalidNumbers() {
        assertEquals("Cannot serialise number: must not be NaN or Inf", error("encode", Double.POSITIVE_INFINITY));
        assertEquals("Cannot serialise number: must not be NaN or Inf", error("encode", Double.NaN));
        assertEquals("Cannot serialise number: must not be NaN or Inf",
                error("encode", table(Double.POSITIVE_INFINITY, 1.0)));
        assertArrayEquals(new Object[] {Boolean.FALSE}, call("encode_invalid_numbers"));
        assertArrayEquals(new Object[] {s("null")}, call("encode_invalid_numbers", s("null")));
        assertEquals("[null,null,null]",
                encode(array(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN)));
        assertArrayEquals(new Object[] {Boolean.TRUE}, call("encode_invalid_numbers", true));
        LuaTable t = array(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN);
        t.rawset(5, (Object) 1.0);
        assertEquals("[inf,-inf,nan,null,1]", encode(t));
        assertEquals("{\"inf\":1}", encode(table(Double.POSITIVE_INFINITY, 1.0)));
    }

    @Test
    void nestingLimits() {
        assertEquals(2000, encode(nestedArrays(1000)).length());
        assertEquals("Cannot serialise, excessive nesting (1001)", error("encode", nestedArrays(1001)));
        LuaTable cycle = new LuaTable();
        cycle.rawset(1, cycle);
        assertEquals("Cannot serialise, excessive nesting (1001)", error("encode", cycle));
        // with the depth limit raised, lua-cjson's 8000 stack slots run out first
        call("encode_max_depth", 100000.0);
        assertEquals("Cannot serialise, excessive nesting (7998)", error("encode", nestedArrays(9000)));
        LuaTable objects = new LuaTable();
        LuaTable c = objects;
        for (int i = 0; i < 9000; i++) {
            LuaTable next = new LuaTable();
            c.rawset("a", next);
            c = next;
        }
        assertEquals("Cannot serialise, excessive nesting (4000)", error("encode", objects));
        assertEquals("bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)",
                error("encode_max_depth", 0x1p31));
        // luaL_checkinteger keeps the low 32 bits of 2^32+5
        assertArrayEquals(new Object[] {5.0}, call("encode_max_depth", 0x1p32 + 5));
    }

    private static LuaTable nestedArrays(int levels) {
        LuaTable top = new LuaTable();
        LuaTable c = top;
        for (int i = 1; i < levels; i++) {
            LuaTable next = new LuaTable();
            c.rawset(1, next);
            c = next;
        }
        return top;
    }

    @Test
    void configurationDefaultsAndModuleFields() {
        assertArrayEquals(new Object[] {Boolean.TRUE}, call("encode_keep_buffer"));
        assertArrayEquals(new Object[] {1000.0}, call("encode_max_depth"));
        assertArrayEquals(new Object[] {1000.0}, call("decode_max_depth"));
        assertArrayEquals(new Object[] {Boolean.TRUE}, call("decode_invalid_numbers"));
        assertArrayEquals(new Object[] {Boolean.FALSE}, call("decode_invalid_numbers", s("off")));
        assertArrayEquals(new Object[] {Boolean.FALSE}, call("encode_keep_buffer", false));
        assertEquals("\"x\"", encode(s("x")));
        assertArrayEquals(new Object[] {Boolean.TRUE}, call("encode_keep_buffer", s("on")));
        assertEquals(s("cjson"), cjson.rawget("_NAME"));
        assertEquals(s("2.1.0"), cjson.rawget("_VERSION"));
        assertSame(cjson, L.globals().rawget("cjson"));
        assertTrue(cjson.rawget("null") instanceof LuaUserdata);
        Set<String> names = new HashSet<>();
        Object[] kv = new Object[2];
        Object k = null;
        while (cjson.next(k, kv)) {
            k = kv[0];
            names.add(k.toString());
        }
        assertEquals(Set.of("_NAME", "_VERSION", "decode", "decode_invalid_numbers", "decode_max_depth", "encode",
                "encode_invalid_numbers", "encode_keep_buffer", "encode_max_depth", "encode_number_precision",
                "encode_sparse_array", "new", "null"), names);
    }

    @Test
    void newModulesHaveTheirOwnConfiguration() {
        LuaTable other = (LuaTable) call("new")[0];
        assertNotSame(cjson, other);
        call(other, "encode_number_precision", 2.0);
        assertEquals("3.1", call(other, "encode", 3.14159)[0].toString());
        assertEquals("3.14159", encode(3.14159));
        assertSame(cjson.rawget("null"), other.rawget("null"));
        assertEquals(s("cjson"), other.rawget("_NAME"));
        assertTrue(other.rawget("new") != null);
    }

    // ---------------------------------------------------------------- decode

    @Test
    void decodesValues() {
        assertEquals(1.0, decode("+1"));
        assertEquals(-0.5, decode("-.5"));
        assertEquals(1.0, decode("1."));
        assertEquals(1.0, decode("01"));
        assertEquals(31.0, decode("0x1F"));
        assertEquals(-16.0, decode("-0x10"));
        assertEquals(8.0, decode("0x1p3"));
        assertEquals(1.5, decode("0x1.8"));
        assertEquals(100000.0, decode("1e5"));
        assertEquals(Double.POSITIVE_INFINITY, decode("inf"));
        assertEquals(Double.POSITIVE_INFINITY, decode("infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, decode("-Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, decode("1e400"));
        assertTrue(Double.isNaN((Double) decode("NaN")));
        assertTrue(Double.isNaN((Double) decode("nan(123)")));
        assertEquals(1.0, decode("1 "));
        assertEquals(123.0, call("decode", 123.0)[0]);
        assertEquals(Boolean.TRUE, decode("true"));
        assertEquals(s("/\b\f\n\r\t"), decode("\"\\/\\b\\f\\n\\r\\t\""));
        assertEquals(s("a\tb"), decode("\"a\tb\""));
        assertEquals(s("é€😀"), decode("\"\\u00e9\\u20ac\\ud83d\\ude00\""));
        assertArrayEquals(new byte[] {0}, ((LuaString) decode("\"\\u0000\"")).bytes());
        assertSame(cjson.rawget("null"), decode("null"));
    }

    @Test
    void decodesTables() {
        LuaTable t = (LuaTable) decode("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}");
        LuaTable a = (LuaTable) t.rawget("a");
        assertEquals(1.0, a.rawget(1));
        assertSame(cjson.rawget("null"), ((LuaTable) a.rawget(2)).rawget("b"));
        assertEquals(2, a.length());
        assertEquals(s("d"), t.rawget("c"));
        assertEquals(0, ((LuaTable) decode("[]")).length());
        assertEquals("{}", encode(decode("{}")));
        assertEquals("[null]", encode(decode("[null]")));
    }

    @Test
    void decodeErrorsNameTheTokenAndCharacter() {
        String[][] cases = {
            {"", "Expected value but found T_END at character 1"},
            {" ", "Expected value but found T_END at character 2"},
            {"[1,2", "Expected comma or array end but found T_END at character 5"},
            {"{\"a\" 1}", "Expected colon but found T_NUMBER at character 6"},
            {"{\"a\":1,}", "Expected object key string but found T_OBJ_END at character 8"},
            {"{\"a\":1 \"b\"}", "Expected comma or object end but found T_STRING at character 8"},
            {"[1 2]", "Expected comma or array end but found T_NUMBER at character 4"},
            {"{1:2}", "Expected object key string but found T_NUMBER at character 2"},
            {"nul", "Expected value but found invalid token at character 1"},
            {"tru", "Expected value but found invalid token at character 1"},
            {"n", "Expected value but found invalid token at character 1"},
            {"\"abc", "Expected value but found unexpected end of string at character 5"},
            {"\"\\x\"", "Expected value but found invalid escape code at character 2"},
            {"\"\\u12\"", "Expected value but found invalid unicode escape code at character 2"},
            {"\"\\ud800\"", "Expected value but found invalid unicode escape code at character 2"},
            {"\"\\udc00\\u0041\"", "Expected value but found invalid unicode escape code at character 2"},
            {"\"\\ud800\\u0041\"", "Expected value but found invalid unicode escape code at character 2"},
            {"+x", "Expected value but found invalid number at character 1"},
            {"-", "Expected value but found invalid number at character 1"},
            {"- 1", "Expected value but found invalid number at character 1"},
            {".5", "Expected value but found invalid token at character 1"},
            {"0x", "Expected the end but found invalid token at character 2"},
            {"1e", "Expected the end but found invalid token at character 2"},
            {"1e+", "Expected the end but found invalid token at character 2"},
            {"Infinityx", "Expected the end but found invalid token at character 9"},
            {"[1,2]x", "Expected the end but found invalid token at character 6"},
            {"true false", "Expected the end but found T_BOOLEAN at character 6"},
            {"1 2", "Expected the end but found T_NUMBER at character 3"},
            {"[1,]", "Expected value but found T_ARR_END at character 4"},
            {"[,1]", "Expected value but found T_COMMA at character 2"},
            {"{\"a\":}", "Expected value but found T_OBJ_END at character 6"},
            {"{,}", "Expected object key string but found T_COMMA at character 2"},
            {"\u0000a", "JSON parser does not support UTF-16 or UTF-32"},
            {"1\u0000x", "JSON parser does not support UTF-16 or UTF-32"},
            {"\"a\u0000b\"", "Expected value but found unexpected end of string at character 3"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], error("decode", s(c[0])), c[0]);
        }
        assertEquals("bad argument #1 to 'decode' (expected 1 argument)", error("decode"));
        assertEquals("bad argument #1 to 'decode' (string expected, got nil)", error("decode", (Object) null));
        assertEquals("bad argument #1 to 'decode' (string expected, got table)", error("decode", new LuaTable()));
    }

    @Test
    void strictNumbersWhenInvalidNumbersAreOff() {
        call("decode_invalid_numbers", false);
        String[][] cases = {
            {"01", "invalid number"}, {"-inf", "invalid number"}, {"0x10", "invalid number"},
            {"-", "invalid number"}, {"-01", "invalid number"}, {"inf", "invalid token"},
            {"+1", "invalid token"}, {"NaN", "invalid token"}, {"Infinity", "invalid token"},
        };
        for (String[] c : cases) {
            assertEquals("Expected value but found " + c[1] + " at character 1", error("decode", s(c[0])), c[0]);
        }
        assertEquals(1.5, decode("1.5"));
        assertEquals(-0.0, decode("-0"));
    }

    @Test
    void decodeNestingLimits() {
        assertEquals(1, ((LuaTable) decode("[".repeat(1000) + "]".repeat(1000))).length());
        assertEquals("Found too many nested data structures (1001) at character 1001",
                error("decode", s("[".repeat(1001) + "]".repeat(1001))));
        assertEquals("Found too many nested data structures (1001) at character 5001",
                error("decode", s("{\"a\":".repeat(1001))));
        call("decode_max_depth", 5000.0);
        assertEquals(1, ((LuaTable) decode("[".repeat(5000) + "]".repeat(5000))).length());
        assertEquals("Found too many nested data structures (4000) at character 19996",
                error("decode", s("{\"a\":".repeat(5000))));
    }
}
