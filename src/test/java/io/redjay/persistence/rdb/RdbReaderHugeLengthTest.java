package io.redjay.persistence.rdb;

import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static io.redjay.persistence.rdb.Blobs.concat;
import static io.redjay.persistence.rdb.Blobs.le;
import static io.redjay.persistence.rdb.Blobs.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Short DUMP payloads whose headers declare enormous sizes: a string of four gigabytes, collections of billions of
 * elements, packed blobs whose headers claim more than they hold. Each must be refused as bad data at once, without
 * allocating what the header asks for and without looping over the declared count: a payload of a hundred bytes can
 * never cost more than a hundred bytes' worth of work. Every case runs under a short time bound.
 */
class RdbReaderHugeLengthTest {
    private static final EncodingLimits LIMITS;
    private static final Duration QUICK = Duration.ofSeconds(2);

    static {
        Config c = new Config();
        ConfigTable.standard().applyDefaults(c);
        LIMITS = EncodingLimits.of(c);
    }

    private static RdbException rejected(Object... valueParts) {
        byte[] payload = Blobs.payload(10, valueParts);
        assertTrue(DumpPayload.verify(payload, false));
        return assertTimeoutPreemptively(QUICK,
                () -> assertThrows(RdbException.class, () -> DumpPayload.decode(payload, LIMITS)));
    }

    /** A 32-bit RDB length prefix (0x80, then big-endian). */
    private static byte[] len32(long n) {
        return new byte[]{(byte) 0x80, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** A 64-bit RDB length prefix (0x81, then big-endian). */
    private static byte[] len64(long n) {
        byte[] b = new byte[9];
        b[0] = (byte) 0x81;
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (n >>> (8 * (7 - i)));
        }
        return b;
    }

    @Test
    void aStringOfTwoGigabytesInAShortPayloadIsUnexpectedEof() {
        RdbException e = rejected(RdbFormat.TYPE_STRING, len32(0x7fff0000L), Blobs.b("abc"));
        assertEquals("Unexpected EOF reading RDB file", e.getMessage());
        e = rejected(RdbFormat.TYPE_STRING, len64(0x7fff0000L), Blobs.b("abc"));
        assertEquals("Unexpected EOF reading RDB file", e.getMessage());
    }

    @Test
    void aStringLongerThanAnArrayCanBeIsRefused() {
        for (long n : new long[]{0xffffffffL, 1L << 32, 1L << 40}) {
            RdbException e = rejected(RdbFormat.TYPE_STRING, n < 1L << 32 ? len32(n) : len64(n), Blobs.b("abc"));
            assertTrue(e.getMessage().startsWith("String too long"), e.getMessage());
        }
    }

    @Test
    void aStringOneByteLongerThanThePayloadIsRefusedAndOneThatFitsLoads() throws RdbException {
        rejected(RdbFormat.TYPE_STRING, len32(4), Blobs.b("abc"));
        byte[] ok = Blobs.payload(10, RdbFormat.TYPE_STRING, len32(3), Blobs.b("abc"));
        assertEquals("abc", new String((byte[]) DumpPayload.decode(ok, LIMITS)));
    }

    @Test
    void anLzfStringClaimingAHugeExpansionIsRefused() {
        byte[] lzf = {(byte) 0xc3};
        rejected(RdbFormat.TYPE_STRING, lzf, Blobs.lenBytes(3), len32(0x7fff0000L), Blobs.b("\u0001ab"));
        rejected(RdbFormat.TYPE_STRING, lzf, len32(0xffffffffL), Blobs.lenBytes(10), Blobs.b("\u0001ab"));
    }

    @Test
    void collectionsDeclaringBillionsOfElementsEndAtTheirBytes() {
        rejected(RdbFormat.TYPE_LIST, len32(0xffffffffL), str("a"), str("b"));
        rejected(RdbFormat.TYPE_SET, len64(1L << 40), str("a"), str("b"));
        rejected(RdbFormat.TYPE_ZSET_2, len32(0xffffffffL), str("a"), new byte[8]);
        rejected(RdbFormat.TYPE_HASH, len32(0xffffffffL), str("f"), str("v"));
        rejected(RdbFormat.TYPE_LIST_QUICKLIST_2, len32(0xffffffffL), 2, str(Blobs.listpack("a")));
    }

    @Test
    void aListpackHeaderClaimingFourGigabytesIsAnIntegrityFailure() {
        byte[] lp = Blobs.listpack("a", "b");
        lp[0] = lp[1] = lp[2] = lp[3] = (byte) 0xff;
        RdbException e = rejected(RdbFormat.TYPE_HASH_LISTPACK, str(lp));
        assertEquals("Hash listpack integrity check failed.", e.getMessage());
    }

    @Test
    void aListpackEntryClaimingFourGigabytesIsAnIntegrityFailure() {
        ByteArrayOutputStream lp = new ByteArrayOutputStream();
        le(lp, 6 + 5 + 3 + 1 + 1, 4);
        le(lp, 1, 2);
        lp.write(0xf0);
        le(lp, 0xffffffffL, 4);
        lp.writeBytes(new byte[]{'a', 'b', 'c', 8});
        lp.write(0xff);
        RdbException e = rejected(RdbFormat.TYPE_LIST_QUICKLIST_2, 1, 2, str(lp.toByteArray()));
        assertEquals("Listpack integrity check failed.", e.getMessage());
    }

    @Test
    void aZiplistCountOrStringLengthBeyondItsBytesIsAnIntegrityFailure() {
        byte[] zl = Blobs.ziplist("a", "b");
        zl[8] = (byte) 0xfe;
        zl[9] = (byte) 0xff;
        assertEquals("Ziplist integrity check failed.", rejected(RdbFormat.TYPE_LIST_ZIPLIST, str(zl)).getMessage());

        ByteArrayOutputStream big = new ByteArrayOutputStream();
        le(big, 10 + 1 + 5 + 2 + 1, 4);
        le(big, 10, 4);
        le(big, 1, 2);
        big.write(0);
        big.writeBytes(new byte[]{(byte) 0x80, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        big.writeBytes(new byte[]{'a', 'b'});
        big.write(0xff);
        assertEquals("Ziplist integrity check failed.",
                rejected(RdbFormat.TYPE_LIST_ZIPLIST, str(big.toByteArray())).getMessage());
    }

    @Test
    void anIntsetCountBeyondItsBytesIsAnIntegrityFailure() {
        byte[] is = Blobs.intset16(1, 2, 3);
        is[4] = is[5] = is[6] = is[7] = (byte) 0xff;
        assertEquals(IntsetDecoder.FAILURE, rejected(RdbFormat.TYPE_SET_INTSET, str(is)).getMessage());
    }

    @Test
    void aZipmapLengthOfFourGigabytesIsAnIntegrityFailure() {
        byte[] zm = concat(1, 254, new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, Blobs.b("f"), 1, 0,
                Blobs.b("v"), 0xff);
        assertEquals("Zipmap integrity check failed.", rejected(RdbFormat.TYPE_HASH_ZIPMAP, str(zm)).getMessage());
    }

    @Test
    void skippingTheChecksumStillChecksTheVersion() {
        byte[] good = Blobs.payload(10, RdbFormat.TYPE_STRING, str("v"));
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 1] ^= 1;
        assertFalse(DumpPayload.verify(badCrc, false));
        assertTrue(DumpPayload.verify(badCrc, true));
        byte[] newer = Blobs.payload(RdbFormat.MAX_READ_VERSION + 1, RdbFormat.TYPE_STRING, str("v"));
        assertFalse(DumpPayload.verify(newer, true));
        assertFalse(DumpPayload.verify(new byte[9], true));
    }
}
