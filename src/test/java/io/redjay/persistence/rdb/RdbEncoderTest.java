package io.redjay.persistence.rdb;

import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbEncoderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String hex(RdbOutput out) {
        return HexFormat.of().formatHex(out.toByteArray());
    }

    private static String string(String s, boolean compression) {
        RdbOutput out = new RdbOutput(16);
        new RdbEncoder(compression).string(out, b(s));
        return hex(out);
    }

    @Test
    void lengthsUseTheFourPrefixForms() {
        long[] lens = {0, 63, 64, 16383, 16384, 0xFFFFFFFFL, 0x100000000L};
        String[] want = {"00", "3f", "4040", "7fff", "8000004000", "80ffffffff", "810000000100000000"};
        for (int i = 0; i < lens.length; i++) {
            RdbOutput out = new RdbOutput(16);
            RdbEncoder.length(out, lens[i]);
            assertEquals(want[i], hex(out), "length " + lens[i]);
        }
    }

    @Test
    void canonicalIntegersUpToElevenCharsAreIntegerEncoded() {
        assertEquals("c07f", string("127", false));
        assertEquals("c080", string("-128", false));
        assertEquals("c18000", string("128", false));
        assertEquals("c2ffffff7f", string("2147483647", false));
        assertEquals("c200000080", string("-2147483648", false));
        assertEquals("0a32313437343833363438", string("2147483648", false));
        assertEquals("03303037", string("007", false));
        assertEquals("022d30", string("-0", false));
        assertEquals("022b31", string("+1", false));
        assertEquals("00", string("", false));
    }

    @Test
    void longCompressibleStringsAreLzfOnlyWhenCompressionIsOnAndItPays() {
        String a = "a".repeat(100);
        assertTrue(string(a, true).startsWith("c3"), "compressed");
        assertEquals("4064" + "61".repeat(100), string(a, false));
        String twenty = "a".repeat(20);
        assertEquals("14" + "61".repeat(20), string(twenty, true));
        byte[] random = new byte[50];
        new java.util.Random(1).nextBytes(random);
        RdbOutput out = new RdbOutput(16);
        new RdbEncoder(true).string(out, random);
        assertEquals(51, out.size(), "incompressible stays raw");
    }

    @Test
    void listpackEntriesUseRedisIntegerAndStringEncodings() {
        RedisListpackWriter lp = new RedisListpackWriter();
        lp.begin();
        for (String s : new String[] {"5", "-1", "4095", "-4096", "32767", "8388607", "2147483647",
                "9223372036854775807", "ab", "x".repeat(64), "01"}) {
            byte[] v = b(s);
            lp.append(v, 0, v.length);
        }
        lp.finish();
        String h = HexFormat.of().formatHex(lp.array(), 0, lp.size());
        StringBuilder want = new StringBuilder();
        want.append("0501").append("dfff02").append("cfff02").append("d00002").append("f1ff7f03")
                .append("f2ffff7f04").append("f3ffffff7f05").append("f4ffffffffffffff7f09")
                .append("8261620" + "3").append("e040" + "78".repeat(64) + "42").append("8230310" + "3")
                .append("ff");
        int total = lp.size();
        String header = String.format("%02x%02x0000", total & 0xFF, total >> 8) + "0b00";
        assertEquals(header + want, h);
    }

    @Test
    void steppedEncodingEqualsOneShotForEveryChunkedKind() {
        ListValue list = new ListValue();
        SetValue set = SetValue.create(b("m0"), 0, SetLimits.DEFAULTS);
        HashValue hash = new HashValue();
        ZSetValue zset = new ZSetValue(false);
        for (int i = 0; i < 3000; i++) {
            list.pushTail(b("element-" + i), -2);
            set.add(b("m" + i), SetLimits.DEFAULTS);
            hash.set(b("f" + i), b("v" + i), 128, 64);
            zset.insert(b("z" + i), i * 0.5, 128, 64);
        }
        assertEquals("quicklist", list.encoding());
        assertEquals("hashtable", set.encoding());
        assertEquals("hashtable", hash.encoding());
        assertEquals("skiplist", zset.encoding());
        for (Object v : new Object[] {list, set, hash, zset}) {
            RdbOutput whole = new RdbOutput(16);
            new RdbEncoder(true).value(whole, v);
            for (long budget : new long[] {1, 7, 1000}) {
                RdbEncoder enc = new RdbEncoder(true);
                ValueEncoder ve = enc.valueEncoder();
                ve.start(v);
                RdbOutput stepped = new RdbOutput(16);
                int steps = 0;
                while (!ve.step(stepped, budget)) {
                    steps++;
                    assertTrue(steps < 10_000, "bounded");
                }
                assertTrue(steps >= 1, v.getClass().getSimpleName() + " took more than one step at " + budget);
                assertArrayEquals(whole.toByteArray(), stepped.toByteArray(), v.getClass().getSimpleName());
            }
        }
    }

    @Test
    void aValueChangedBetweenStepsFailsTheEncoding() {
        ZSetValue zset = new ZSetValue(false);
        for (int i = 0; i < 100; i++) {
            zset.insert(b("z" + i), i, 128, 64);
        }
        ValueEncoder ve = new RdbEncoder(false).valueEncoder();
        ve.start(zset);
        RdbOutput out = new RdbOutput(16);
        ve.step(out, 10);
        for (int i = 0; i < 50; i++) {
            zset.remove(b("z" + i));
        }
        assertThrows(IllegalStateException.class, () -> ve.step(out, 1000));
    }

    @Test
    void scoresAreWrittenAsRedisD2String() {
        assertEquals("1", new String(ValueEncoder.scoreText(1.0), StandardCharsets.US_ASCII));
        assertEquals("-0", new String(ValueEncoder.scoreText(-0.0), StandardCharsets.US_ASCII));
        assertEquals("inf", new String(ValueEncoder.scoreText(Double.POSITIVE_INFINITY), StandardCharsets.US_ASCII));
        assertEquals("2.5", new String(ValueEncoder.scoreText(2.5), StandardCharsets.US_ASCII));
        assertEquals("0.10000000000000001", new String(ValueEncoder.scoreText(0.1), StandardCharsets.US_ASCII));
        assertEquals("100000000000000000", new String(ValueEncoder.scoreText(1e17), StandardCharsets.US_ASCII));
        assertEquals("1e+20", new String(ValueEncoder.scoreText(1e20), StandardCharsets.US_ASCII));
    }

    @Test
    void headerAndTrailer() {
        RdbOutput out = new RdbOutput(16);
        RdbEncoder enc = new RdbEncoder(false);
        enc.header(out);
        enc.eof(out);
        RdbChecksum crc = new RdbChecksum();
        crc.update(out);
        RdbEncoder.checksum(out, crc.value());
        byte[] bytes = out.toByteArray();
        assertEquals("REDIS0010", new String(bytes, 0, 9, StandardCharsets.US_ASCII));
        assertEquals(0xFF, bytes[9] & 0xFF);
        assertEquals(18, bytes.length);
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (bytes[10 + i] & 0xFFL) << (8 * i);
        }
        assertEquals(Crc64.update(0, bytes, 0, 10), stored);
    }
}
