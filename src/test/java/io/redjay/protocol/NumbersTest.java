package io.redjay.protocol;

import io.redjay.types.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis's number rules as the protocol sees them: {@code string2ll}'s strictness, {@code strtod} as Redis calls it,
 * and {@code d2string}'s printing, checked against outputs of the C functions.
 */
class NumbersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String d2s(double d) {
        return new String(Numbers.doubleToBytes(d), StandardCharsets.US_ASCII);
    }

    @Test
    void parseLongAcceptsCanonicalIntegers() {
        assertEquals(0, Numbers.parseLong(b("0")));
        assertEquals(7, Numbers.parseLong(b("7")));
        assertEquals(-12, Numbers.parseLong(b("-12")));
        assertEquals(Long.MAX_VALUE, Numbers.parseLong(b("9223372036854775807")));
        assertEquals(-9223372036854775807L, Numbers.parseLong(b("-9223372036854775807")));
        assertTrue(Numbers.isValidLong(b("-9223372036854775808")));
        assertEquals(Long.MIN_VALUE, Numbers.parseLong(b("-9223372036854775808")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "-0", "007", "00", " 1", "1 ", "+1", "1.0", "1e3", "0x10", "abc", "1a",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "000000000000000000001",
            "123456789012345678901"})
    void parseLongRejects(String s) {
        assertEquals(Numbers.NOT_A_NUMBER, Numbers.parseLong(b(s)));
        assertFalse(Numbers.isValidLong(b(s)));
    }

    @Test
    void longToBytes() {
        assertEquals("0", new String(Numbers.longToBytes(0), StandardCharsets.US_ASCII));
        assertEquals("9999", new String(Numbers.longToBytes(9999), StandardCharsets.US_ASCII));
        assertEquals("-9223372036854775808", new String(Numbers.longToBytes(Long.MIN_VALUE), StandardCharsets.US_ASCII));
        byte[] shared = Numbers.longToBytes(5);
        shared[0] = 'x';
        assertEquals("5", new String(Numbers.longToBytes(5), StandardCharsets.US_ASCII), "cached bytes not exposed");
    }

    @Test
    void parseDoubleAccepts() {
        assertEquals(1.0, Numbers.parseDouble(b("1.")));
        assertEquals(0.5, Numbers.parseDouble(b(".5")));
        assertEquals(1.0, Numbers.parseDouble(b("+1")));
        assertEquals(-2.5e10, Numbers.parseDouble(b("-2.5E10")));
        assertEquals(1e-5, Numbers.parseDouble(b("1e-5")));
        assertEquals(Double.MIN_VALUE, Numbers.parseDouble(b("5e-324")));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parseDouble(b("inf")));
        assertEquals(Double.POSITIVE_INFINITY, Numbers.parseDouble(b("+Infinity")));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parseDouble(b("-inf")));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parseDouble(b("-INF")));
        assertEquals(0.0, Numbers.parseDouble(b("0")));
        assertEquals(-0.0, Numbers.parseDouble(b("-0.0")));
        assertEquals(7.0, Numbers.parseDouble(b("007")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "nan", "NaN", "-nan", "1e400", "-1e400", "1e-400", "1e", "e5", ".", "-",
            "1.2.3", "abc", "in", "infinit", "1,5", "--1"})
    void parseDoubleRejects(String s) {
        assertTrue(Double.isNaN(Numbers.parseDouble(b(s))), s);
    }

    @Test
    void parseDoubleOnASlice() {
        byte[] buf = b("xx2.5yy");
        assertEquals(2.5, Numbers.parseDouble(buf, 2, 3));
    }

    @Test
    void doubleToBytesMatchesD2string() {
        assertEquals("0.10000000000000001", d2s(0.1));
        assertEquals("1.5", d2s(1.5));
        assertEquals("3", d2s(3.0));
        assertEquals("-0", d2s(-0.0));
        assertEquals("0", d2s(0.0));
        assertEquals("-3", d2s(-3.0));
        assertEquals("1e+20", d2s(1e20));
        assertEquals("1.0000000000000001e+300", d2s(1e300));
        assertEquals("1000000000000000000", d2s(1e18));
        assertEquals("3.1415926535897931", d2s(Math.PI));
        assertEquals("0.0001", d2s(0.0001));
        assertEquals("1.0000000000000001e-05", d2s(0.00001));
        assertEquals("-1.1000000000000001", d2s(-1.1));
        assertEquals("4.9406564584124654e-324", d2s(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", d2s(Double.MAX_VALUE));
        assertEquals("inf", d2s(Double.POSITIVE_INFINITY));
        assertEquals("-inf", d2s(Double.NEGATIVE_INFINITY));
        assertEquals("nan", d2s(Double.NaN));
    }

    @Test
    void formatGFixedAndExponentForms() {
        assertEquals("123456.789", Numbers.formatG(123456.789, 17));
        assertEquals("0.29999999999999999", Numbers.formatG(0.3, 17));
        assertEquals("1.1805916207174113e+21", Numbers.formatG(Math.pow(2, 70), 17));
        assertEquals("1.2345678901234568e+17", Numbers.formatG(123456789012345678.0, 17));
        assertEquals("0.33333333333333331", Numbers.formatG(1.0 / 3, 17));
        assertEquals("2.5", Numbers.formatG(2.5, 17));
    }
}
