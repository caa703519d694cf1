package io.redjay.persistence.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CRC-64 against its published check value; LZF round trips over data of every compressibility, and bad input. */
class LzfCrcTest {
    @Test
    void crc64CheckValue() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Crc64.of(b), Crc64.update(Crc64.update(0, b, 0, 4), b, 4, 5), "incremental");
    }

    /** The definition, one bit at a time: the eight-way sliced version must agree at every length and offset. */
    private static long bitwise(long crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95ac9329ac4bc9b5L : crc >>> 1;
            }
        }
        return crc;
    }

    @Test
    void slicedCrcAgreesWithTheBitwiseDefinition() {
        SplittableRandom rnd = new SplittableRandom(11);
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len + off <= b.length; len += 1 + len / 8) {
                long seed = rnd.nextLong();
                assertEquals(bitwise(seed, b, off, len), Crc64.update(seed, b, off, len), off + "+" + len);
            }
        }
    }

    @Test
    void lzfRoundTrips() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 2000; round++) {
            int len = rnd.nextInt(round < 1000 ? 100 : 70_000);
            byte[] in = new byte[len];
            int alphabet = 1 + rnd.nextInt(round % 3 == 0 ? 256 : 4);
            int run = 1 + rnd.nextInt(50);
            for (int i = 0; i < len; i++) {
                in[i] = i % run == 0 || i < 1 ? (byte) rnd.nextInt(alphabet) : in[i - 1 - rnd.nextInt(Math.min(i, 9000))];
            }
            byte[] out = new byte[len + len / 16 + 64];
            int n = Lzf.compress(in, len, out);
            if (len == 0) {
                assertEquals(0, n);
                continue;
            }
            assertTrue(n > 0, "fits with room: " + len);
            byte[] back = new byte[len];
            assertTrue(Lzf.decompress(out, n, back), "round " + round);
            assertArrayEquals(in, back, "round " + round);
        }
    }

    @Test
    void compressesRepetitionAndGivesUpWhenItDoesNotPay() {
        byte[] repeated = "abcabcabc".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[repeated.length - 4];
        int n = Lzf.compress(repeated, repeated.length, out);
        assertTrue(n > 0 && n < repeated.length / 20, "compressed to " + n);
        byte[] random = new byte[1000];
        new SplittableRandom(1).nextBytes(random);
        assertEquals(0, Lzf.compress(random, random.length, new byte[random.length - 4]));
    }

    @Test
    void corruptInputIsRefused() {
        byte[] in = "hello hello hello hello hello".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64];
        int n = Lzf.compress(in, in.length, out);
        byte[] c = Arrays.copyOf(out, n);
        assertFalse(Lzf.decompress(c, c.length, new byte[in.length + 1]), "wrong length");
        assertFalse(Lzf.decompress(c, c.length - 1, new byte[in.length]), "truncated");
        byte[] backRef = {(byte) 0x20, 0x10};
        assertFalse(Lzf.decompress(backRef, 2, new byte[3]), "reference before the start");
    }
}
