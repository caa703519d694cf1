package io.redjay.strings;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.BitPosParams;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP and BITFIELD; expected values were checked against Redis 7.0.15. */
class BitCommandsTest {
    private static TestServer server;
    private static Jedis jedis;
    private static RawClient raw;
    private static int counter;
    private String k;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        jedis = new Jedis("127.0.0.1", server.port());
        raw = new RawClient(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close();
        jedis.close();
        server.close();
    }

    @BeforeEach
    void freshKey() {
        k = "bits" + (++counter);
    }

    private void setBytes(String key, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        jedis.set(key.getBytes(), b);
    }

    @Test
    void setbitAndGetbit() {
        assertFalse(jedis.setbit(k, 7, true));
        assertTrue(jedis.setbit(k, 7, true));
        assertArrayEquals(new byte[] {1}, jedis.get(k.getBytes()));
        assertFalse(jedis.setbit(k, 100, true));
        assertEquals(13, jedis.strlen(k));
        assertTrue(jedis.getbit(k, 100));
        assertFalse(jedis.getbit(k, 99));
        assertFalse(jedis.getbit(k, 100000));
        assertFalse(jedis.getbit(k + "missing", 3));
    }

    @Test
    void bitOffsetAndValueErrors() throws Exception {
        String offset = "-ERR bit offset is not an integer or out of range\r\n";
        String bit = "-ERR bit is not an integer or out of range\r\n";
        assertEquals(offset, raw.call("SETBIT", k, "-1", "1"));
        assertEquals(offset, raw.call("SETBIT", k, "4294967296", "1"));
        assertEquals(offset, raw.call("SETBIT", k, "x", "1"));
        assertEquals(bit, raw.call("SETBIT", k, "1", "2"));
        assertEquals(bit, raw.call("SETBIT", k, "1", "x"));
        assertEquals(offset, raw.call("GETBIT", k, "-1"));
        assertFalse(StringsSupport.exists(server, k));
    }

    @Test
    void bitcountRanges() {
        jedis.set(k, "foobar");
        assertEquals(26, jedis.bitcount(k));
        assertEquals(4, jedis.bitcount(k, 0, 0));
        assertEquals(6, jedis.bitcount(k, 1, 1));
        assertEquals(6, jedis.bitcount(k, 1, 1, BitCountOption.BYTE));
        assertEquals(17, jedis.bitcount(k, 5, 30, BitCountOption.BIT));
        assertEquals(2, jedis.bitcount(k, -5, -1, BitCountOption.BIT));
        assertEquals(0, jedis.bitcount(k, -1, -5, BitCountOption.BIT));
        assertEquals(26, jedis.bitcount(k, -100, 100));
        assertEquals(0, jedis.bitcount(k + "missing"));
    }

    @Test
    void bitcountSyntax() throws Exception {
        raw.call("SET", k, "foobar");
        assertEquals("-ERR syntax error\r\n", raw.call("BITCOUNT", k, "0"));
        assertEquals("-ERR syntax error\r\n", raw.call("BITCOUNT", k, "0", "1", "FOO"));
        assertEquals("-ERR value is not an integer or out of range\r\n", raw.call("BITCOUNT", k, "a", "1"));
        assertEquals(":0\r\n", raw.call("BITCOUNT", k + "missing", "0"));
    }

    @Test
    void bitpos() {
        setBytes(k, 0xff, 0xf0, 0x00);
        assertEquals(12, jedis.bitpos(k, false));
        assertEquals(0, jedis.bitpos(k, true));
        setBytes(k, 0x00, 0xff, 0xf0);
        assertEquals(8, jedis.bitpos(k, true, new BitPosParams(0)));
        assertEquals(16, jedis.bitpos(k, true, new BitPosParams(2, -1).modifier(BitCountOption.BYTE)));
        assertEquals(8, jedis.bitpos(k, true, new BitPosParams(7, 15).modifier(BitCountOption.BIT)));
        assertEquals(7, jedis.bitpos(k, false, new BitPosParams(7, 15).modifier(BitCountOption.BIT)));
        assertEquals(-1, jedis.bitpos(k, false, new BitPosParams(8, 15).modifier(BitCountOption.BIT)));
        assertEquals(-1, jedis.bitpos(k, false, new BitPosParams(8)));
        assertEquals(-1, jedis.bitpos(k, false, new BitPosParams(1, 1)));
        assertEquals(20, jedis.bitpos(k, false, new BitPosParams(1)));
        setBytes(k, 0xff, 0xff);
        assertEquals(16, jedis.bitpos(k, false));
        assertEquals(-1, jedis.bitpos(k, false, new BitPosParams(0, -1)));
        assertEquals(-1, jedis.bitpos(k + "missing", true));
        assertEquals(0, jedis.bitpos(k + "missing", false));
    }

    @Test
    void bitposErrors() throws Exception {
        raw.call("SET", k, "x");
        assertEquals("-ERR The bit argument must be 1 or 0.\r\n", raw.call("BITPOS", k, "2"));
        assertEquals("-ERR syntax error\r\n", raw.call("BITPOS", k, "1", "0", "-1", "FOO"));
        assertEquals("-ERR syntax error\r\n", raw.call("BITPOS", k, "1", "0", "-1", "BIT", "x"));
        assertEquals("-ERR value is not an integer or out of range\r\n", raw.call("BITPOS", k, "1", "a"));
    }

    @Test
    void bitop() throws Exception {
        setBytes(k + "a", 0xff, 0x0f, 0xaa);
        setBytes(k + "b", 0x0f, 0xf0);
        String d = k + "d";
        assertEquals(3, jedis.bitop(BitOP.AND, d, k + "a", k + "b"));
        assertArrayEquals(new byte[] {0x0f, 0, 0}, jedis.get(d.getBytes()));
        assertEquals(3, jedis.bitop(BitOP.OR, d, k + "a", k + "b"));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xaa}, jedis.get(d.getBytes()));
        assertEquals(3, jedis.bitop(BitOP.XOR, d, k + "a", k + "b"));
        assertArrayEquals(new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xaa}, jedis.get(d.getBytes()));
        assertEquals(3, jedis.bitop(BitOP.NOT, d, k + "a"));
        assertArrayEquals(new byte[] {0, (byte) 0xf0, 0x55}, jedis.get(d.getBytes()));
        assertEquals(0, jedis.bitop(BitOP.AND, d, k + "x", k + "y"));
        assertFalse(jedis.exists(d));
        assertEquals("-ERR BITOP NOT must be called with a single source key.\r\n",
                raw.call("BITOP", "NOT", d, k + "a", k + "b"));
        assertEquals("-ERR syntax error\r\n", raw.call("BITOP", "NAND", d, k + "a"));
    }

    @Test
    void bitfieldOverflowPolicies() {
        assertEquals(List.of(0L), jedis.bitfield(k, "SET", "u8", "0", "255"));
        assertEquals(List.of(9L), jedis.bitfield(k, "INCRBY", "u8", "0", "10"));
        assertEquals(List.of(255L), jedis.bitfield(k, "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300"));
        assertEquals(Arrays.asList((Long) null), jedis.bitfield(k, "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"));
        assertEquals(List.of(0L), jedis.bitfield(k, "OVERFLOW", "WRAP", "INCRBY", "u8", "0", "1"));
        assertEquals(List.of(0L, -128L), jedis.bitfield(k, "SET", "i8", "0", "127", "INCRBY", "i8", "0", "1"));
        assertEquals(List.of(-128L, 127L), jedis.bitfield(k, "OVERFLOW", "SAT", "SET", "i8", "0", "200", "GET", "i8",
                "0"));
        assertEquals(List.of(127L, -56L), jedis.bitfield(k, "SET", "i8", "0", "200", "GET", "i8", "0"));
        assertEquals(List.of(200L, 255L), jedis.bitfield(k, "SET", "u8", "0", "-1", "GET", "u8", "0"));
        assertEquals(List.of(0L, Long.MIN_VALUE), jedis.bitfield(k + "w", "SET", "i64", "0",
                String.valueOf(Long.MAX_VALUE), "INCRBY", "i64", "0", "1"));
        assertEquals(List.of(Long.MIN_VALUE, Long.MAX_VALUE), jedis.bitfield(k + "w", "OVERFLOW", "SAT", "SET",
                "i64", "0", String.valueOf(Long.MAX_VALUE), "INCRBY", "i64", "0", "1"));
    }

    @Test
    void bitfieldHashOffsetsAndGets() {
        assertEquals(List.of(0L, 77L, 77L), jedis.bitfield(k, "SET", "u8", "#3", "77", "GET", "u8", "#3", "GET", "u8",
                "24"));
        assertEquals(4, jedis.strlen(k));
        assertEquals(List.of(0L, 0L), jedis.bitfield(k + "missing", "GET", "i16", "5", "GET", "u63", "0"));
        assertFalse(jedis.exists(k + "missing"));
        assertEquals(List.of(77L), jedis.bitfieldReadonly(k, "GET", "u8", "24"));
    }

    @Test
    void bitfieldFailStillCreatesTheKey() {
        assertEquals(Arrays.asList((Long) null), jedis.bitfield(k, "OVERFLOW", "FAIL", "INCRBY", "u2", "100", "5"));
        assertArrayEquals(new byte[13], jedis.get(k.getBytes()));
    }

    @Test
    void bitfieldErrors() throws Exception {
        String type = "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64"
                + " is.\r\n";
        assertEquals(type, raw.call("BITFIELD", k, "GET", "u64", "0"));
        assertEquals(type, raw.call("BITFIELD", k, "GET", "i65", "0"));
        assertEquals(type, raw.call("BITFIELD", k, "GET", "i0", "0"));
        assertEquals(type, raw.call("BITFIELD", k, "GET", "x8", "0"));
        assertEquals("-ERR bit offset is not an integer or out of range\r\n", raw.call("BITFIELD", k, "GET", "u8",
                "-1"));
        assertEquals("-ERR Invalid OVERFLOW type specified\r\n", raw.call("BITFIELD", k, "OVERFLOW", "FOO"));
        assertEquals("-ERR syntax error\r\n", raw.call("BITFIELD", k, "GET", "u8"));
        assertEquals("-ERR value is not an integer or out of range\r\n", raw.call("BITFIELD", k, "SET", "u8", "0",
                "x"));
        assertEquals("-ERR BITFIELD_RO only supports the GET subcommand\r\n", raw.call("BITFIELD_RO", k, "SET", "u8",
                "0", "1"));
        assertEquals("*0\r\n", raw.call("BITFIELD", k));
    }

    @Test
    void wrongType() throws Exception {
        StringsSupport.putForeign(server, k);
        for (Runnable r : List.<Runnable>of(() -> jedis.setbit(k, 1, true), () -> jedis.getbit(k, 1),
                () -> jedis.bitcount(k), () -> jedis.bitpos(k, true), () -> jedis.bitop(BitOP.OR, "d" + k, k),
                () -> jedis.bitfield(k, "GET", "u8", "0"), () -> jedis.bitfield(k, "SET", "u8", "0", "1"),
                () -> jedis.bitfieldReadonly(k, "GET", "u8", "0"))) {
            JedisDataException e = assertThrows(JedisDataException.class, r::run);
            assertTrue(e.getMessage().startsWith("WRONGTYPE"), e.getMessage());
        }
    }
}
