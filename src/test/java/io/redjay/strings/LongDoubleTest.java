package io.redjay.strings;

import io.redjay.types.LongDouble;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INCRBYFLOAT's extended-precision arithmetic and formatting; expected texts were taken from Redis 7.0.15. */
class LongDoubleTest {
    private static LongDouble parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String sum(String a, String b) {
        LongDouble x = parse(a);
        LongDouble y = parse(b);
        assertNotNull(x, a);
        assertNotNull(y, b);
        return x.plus(y).toHumanString();
    }

    @Test
    void sumsPrintLikeRedis() {
        assertEquals("10.6", sum("10.5", "0.1"));
        assertEquals("0.4", sum("1.5", "-1.1"));
        assertEquals("17179869185.5", sum("17179869184", "1.5"));
        assertEquals("0.3", sum("0.1", "0.2"));
        assertEquals("5200", sum("5.0e3", "2.0e2"));
        assertEquals("1.23456789012345679", sum("0", "1.23456789012345678901234567890"));
        assertEquals("100000000000000000000", sum("1e20", "1"));
        assertEquals("123456789.12345678899873747", sum("0", "123456789.123456789"));
        assertEquals("-0.0000001", sum("0", "-0.0000001"));
        assertEquals("0.125", sum("0", "0x1p-3"));
        assertEquals("0", sum("3", "-3"));
    }

    @Test
    void tinyResultsPrintAsZeroWithoutSign() {
        assertEquals("0", sum("0", "1e-20"));
        assertEquals("0", sum("0", "-1e-20"));
        assertEquals("0", sum("-1", "0.99999999999999999999"));
    }

    @Test
    void hugeValuesPrintInFixedNotation() {
        String s = sum("0", "1e400");
        assertEquals(401, s.length());
        assertTrue(s.startsWith("1000000000000000000028188068394758651458645343362905203862591069353968553400862986"));
    }

    @Test
    void parsingFollowsStrtold() {
        assertNotNull(parse(".5"));
        assertNotNull(parse("5."));
        assertNotNull(parse("+3"));
        assertNotNull(parse("1.5E+3"));
        assertNotNull(parse("0X1P-2"));
        assertNotNull(parse("1e400"));
        assertNotNull(parse("1e-4940"));
        assertFalse(parse("inf").isFinite());
        assertFalse(parse("-Infinity").isFinite());
        assertNull(parse(""));
        assertNull(parse(" 1"));
        assertNull(parse("1 "));
        assertNull(parse("1e"));
        assertNull(parse("0x"));
        assertNull(parse("nan"));
        assertNull(parse("abc"));
        assertNull(parse("1e5000"));
        assertNull(parse("1e-5000"));
        assertNull(parse("1".repeat(5120)));
        assertNotNull(parse("0." + "1".repeat(5117)));
        assertNull(parse("0." + "1".repeat(5118)));
    }

    @Test
    void overflowAndInfinityAreNotFinite() {
        assertFalse(parse("1e4932").plus(parse("1e4932")).isFinite());
        assertFalse(parse("inf").plus(parse("1")).isFinite());
        assertTrue(parse("1e4931").plus(parse("1")).isFinite());
    }

    @Test
    void integersAreExact() {
        assertEquals("9223372036854775807", LongDouble.of(Long.MAX_VALUE).toHumanString());
        assertEquals("-9223372036854775808", LongDouble.of(Long.MIN_VALUE).toHumanString());
        assertEquals("18446744073709551616", LongDouble.of(Long.MAX_VALUE).plus(parse("9223372036854775809"))
                .toHumanString());
    }
}
