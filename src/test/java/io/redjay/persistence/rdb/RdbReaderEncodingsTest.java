package io.redjay.persistence.rdb;

import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.keyspace.Keyspace;
import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.Quicklist;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.redjay.persistence.rdb.Blobs.b;
import static io.redjay.persistence.rdb.Blobs.concat;
import static io.redjay.persistence.rdb.Blobs.lenBytes;
import static io.redjay.persistence.rdb.Blobs.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encodings a Redis 7.0 server does not write but must read (ziplists, zipmaps, linked lists, quicklist 1,
 * string scores, seconds expiries of old files) and the 7.2/7.4 types Redjay reads beyond 7.0, from hand-built
 * payloads and files; and the checks {@code sanitize-dump-payload yes} makes on them.
 */
class RdbReaderEncodingsTest {
    private static final EncodingLimits LIMITS = EncodingLimits.of(defaults());

    private static Config defaults() {
        Config c = new Config();
        ConfigTable.standard().applyDefaults(c);
        return c;
    }

    private static Object decode(Object... parts) throws RdbException {
        byte[] p = Blobs.payload(10, parts);
        assertTrue(DumpPayload.verify(p, false));
        return DumpPayload.decode(p, LIMITS);
    }

    private static List<String> elements(Quicklist l) {
        List<String> out = new ArrayList<>();
        Quicklist.Cursor c = l.at(0);
        if (c != null) {
            do {
                out.add(new String(c.value()));
            } while (c.next());
        }
        return out;
    }

    private static TreeSet<String> members(SetValue s) {
        TreeSet<String> out = new TreeSet<>();
        s.forEachMember(m -> out.add(new String(m)));
        return out;
    }

    @Test
    void listsFromLinkedListZiplistAndQuicklistOne() throws Exception {
        ListValue linked = (ListValue) decode(RdbFormat.TYPE_LIST, lenBytes(3), str("a"), str("bb"),
                new byte[] {(byte) 0xc0, 7});
        assertEquals(List.of("a", "bb", "7"), elements(linked));

        ListValue zl = (ListValue) decode(RdbFormat.TYPE_LIST_ZIPLIST,
                str(Blobs.ziplist("x", 0, 12, -300, 1L << 40, "yz")));
        assertEquals(List.of("x", "0", "12", "-300", Long.toString(1L << 40), "yz"), elements(zl));

        ListValue ql = (ListValue) decode(RdbFormat.TYPE_LIST_QUICKLIST, lenBytes(3), str(Blobs.ziplist("a", 1)),
                str(Blobs.ziplist()), str(Blobs.ziplist("b")));
        assertEquals(List.of("a", "1", "b"), elements(ql));

        ListValue q2 = (ListValue) decode(RdbFormat.TYPE_LIST_QUICKLIST_2, lenBytes(2),
                lenBytes(RdbFormat.QUICKLIST_NODE_PLAIN), str("plain"), lenBytes(RdbFormat.QUICKLIST_NODE_PACKED),
                str(Blobs.listpack("p", 5)));
        assertEquals(List.of("plain", "p", "5"), elements(q2));
    }

    @Test
    void hashesFromZipmapZiplistAndSevenFourFieldTtls() throws Exception {
        HashValue zm = (HashValue) decode(RdbFormat.TYPE_HASH_ZIPMAP, str(Blobs.zipmap("f", "v", "g", "ww")));
        assertEquals(2, zm.size());
        assertArrayEquals(b("ww"), zm.get(b("g")));

        HashValue zl = (HashValue) decode(RdbFormat.TYPE_HASH_ZIPLIST, str(Blobs.ziplist("f", 3, "g", "x")));
        assertArrayEquals(b("3"), zl.get(b("f")));
        assertEquals("listpack", zl.encoding());

        HashValue meta = (HashValue) decode(RdbFormat.TYPE_HASH_METADATA, new byte[8], lenBytes(2),
                lenBytes(0), str("a"), str("1"), lenBytes(5000), str("b"), str("2"));
        assertArrayEquals(b("2"), meta.get(b("b")));
        assertEquals(2, meta.size());

        HashValue lpEx = (HashValue) decode(RdbFormat.TYPE_HASH_LISTPACK_EX, new byte[8],
                str(Blobs.listpack("a", "1", 0, "b", "2", 99)));
        assertEquals(2, lpEx.size());
        assertArrayEquals(b("1"), lpEx.get(b("a")));

        HashValue preGa = (HashValue) decode(RdbFormat.TYPE_HASH_LISTPACK_EX_PRE_GA,
                str(Blobs.listpack("a", "1", 0)));
        assertEquals(1, preGa.size());
    }

    @Test
    void sortedSetsFromStringScoresAndZiplists() throws Exception {
        ZSetValue z = (ZSetValue) decode(RdbFormat.TYPE_ZSET, lenBytes(3), str("a"), 3, b("1.5"), str("b"), 254,
                str("c"), 255);
        assertEquals(1.5, z.score(b("a")));
        assertEquals(Double.POSITIVE_INFINITY, z.score(b("b")));
        assertEquals(Double.NEGATIVE_INFINITY, z.score(b("c")));
        for (String bad : new String[]{"1d", " 1", "0x", "abc"}) {
            RdbException e = assertThrows(RdbException.class,
                    () -> decode(RdbFormat.TYPE_ZSET, lenBytes(1), str("a"), bad.length(), b(bad)));
            assertTrue(e.getMessage().startsWith("Bad double value"), bad + ": " + e.getMessage());
        }

        ZSetValue zl = (ZSetValue) decode(RdbFormat.TYPE_ZSET_ZIPLIST, str(Blobs.ziplist("m", "2.5", "n", 7)));
        assertEquals(7.0, zl.score(b("n")));
        assertEquals("listpack", zl.encoding());
    }

    @Test
    void setsFromIntsetAndSevenTwoListpack() throws Exception {
        SetValue is = (SetValue) decode(RdbFormat.TYPE_SET_INTSET, str(Blobs.intset16(-5, 3, 900)));
        assertEquals(new TreeSet<>(List.of("-5", "3", "900")), members(is));
        assertEquals("intset", is.encoding());

        SetValue lp = (SetValue) decode(RdbFormat.TYPE_SET_LISTPACK, str(Blobs.listpack("a", "b", 3)));
        assertEquals(new TreeSet<>(List.of("a", "b", "3")), members(lp));
    }

    @Test
    void sanitizationRejectsDuplicatesNanAndBadBlobs() {
        assertMessage("Duplicate set members detected", RdbFormat.TYPE_SET, lenBytes(2), str("a"), str("a"));
        assertMessage("Duplicate hash fields detected", RdbFormat.TYPE_HASH, lenBytes(2), str("f"), str("1"),
                str("f"), str("2"));
        assertMessage("Hash listpack integrity check failed. (listpack with dup elements)",
                RdbFormat.TYPE_HASH_LISTPACK, str(Blobs.listpack("f", "1", "f", "2")));
        assertMessage("Hash ziplist integrity check failed. (ziplist with dup elements)", RdbFormat.TYPE_HASH_ZIPLIST,
                str(Blobs.ziplist("f", "1", "f", "2")));
        assertMessage("Zipmap integrity check failed.", RdbFormat.TYPE_HASH_ZIPMAP, str(concat(0, 0xff)));
        assertMessage("Duplicate zset fields detected", RdbFormat.TYPE_ZSET_2, lenBytes(2), str("m"), new byte[8],
                str("m"), new byte[8]);
        byte[] nan = new byte[8];
        nan[6] = (byte) 0xf8;
        nan[7] = (byte) 0x7f;
        assertMessage("Zset with NAN score detected", RdbFormat.TYPE_ZSET_2, lenBytes(1), str("m"), nan);
        assertMessage("Intset integrity check failed.", RdbFormat.TYPE_SET_INTSET, str(Blobs.intset16(3, 3)));
        assertMessage("Set listpack integrity check failed.", RdbFormat.TYPE_SET_LISTPACK,
                str(Blobs.listpack("a", "a")));
        assertMessage("Zset listpack integrity check failed.", RdbFormat.TYPE_ZSET_LISTPACK,
                str(Blobs.listpack("m", 1, "m", 2)));
        assertMessage("Hash ziplist integrity check failed.", RdbFormat.TYPE_HASH_ZIPLIST,
                str(Blobs.ziplist("f", "1", "g")));
        byte[] badTail = Blobs.ziplist("a", "b");
        badTail[4]++;
        assertMessage("Ziplist integrity check failed.", RdbFormat.TYPE_LIST_ZIPLIST, str(badTail));
        byte[] badBacklen = Blobs.listpack("abc", "d");
        badBacklen[6 + 4]++;
        assertMessage("Listpack integrity check failed.", RdbFormat.TYPE_LIST_QUICKLIST_2, lenBytes(1),
                lenBytes(2), str(badBacklen));
        byte[] badCount = Blobs.listpack("a");
        badCount[4] = 2;
        assertMessage("Set listpack integrity check failed.", RdbFormat.TYPE_SET_LISTPACK, str(badCount));
        assertMessage("Quicklist integrity check failed.", RdbFormat.TYPE_LIST_QUICKLIST_2, lenBytes(1),
                lenBytes(3), str("x"));
        assertMessage("empty collection", RdbFormat.TYPE_SET, lenBytes(0));
        assertMessage("streams are not supported yet (RDB type 15)",
                RdbFormat.TYPE_STREAM_LISTPACKS, lenBytes(0));
    }

    private static void assertMessage(String expected, Object... parts) {
        RdbException e = assertThrows(RdbException.class, () -> decode(parts));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void dumpPayloadFooterIsChecked() {
        byte[] good = Blobs.payload(10, RdbFormat.TYPE_STRING, str("v"));
        assertTrue(DumpPayload.verify(good, false));
        assertTrue(DumpPayload.verify(Blobs.payload(12, RdbFormat.TYPE_STRING, str("v")), false));
        assertEquals(false, DumpPayload.verify(Blobs.payload(13, RdbFormat.TYPE_STRING, str("v")), false));
        byte[] flipped = good.clone();
        flipped[1] ^= 1;
        assertEquals(false, DumpPayload.verify(flipped, false));
        assertEquals(false, DumpPayload.verify(new byte[9], false));
    }

    /** Records every key of a snapshot, and the empty ones skipped. */
    private static final class Recorder implements RdbReader.Sink {
        final List<String> keys = new ArrayList<>();
        final List<Long> expires = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> modules = new ArrayList<>();
        final List<String> libraries = new ArrayList<>();
        long idle = -2;
        int freq = -2;

        @Override
        public void functionLibrary(byte[] code) {
            libraries.add(new String(code));
        }

        @Override
        public void key(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int f) {
            keys.add(db + ":" + new String(key));
            expires.add(expireAtMs);
            idle = idleSeconds;
            freq = f;
        }

        @Override
        public void emptyKeySkipped(int db, byte[] key) {
            skipped.add(new String(key));
        }

        @Override
        public void moduleAuxSkipped(String module) {
            modules.add(module);
        }
    }

    private static int read(byte[] file, RdbReader.Sink sink) throws RdbException {
        return new RdbReader(new ByteArrayInputStream(file), LIMITS, 16).read(sink);
    }

    @Test
    void versionThreeFileWithSecondsExpiryAndNoChecksum() throws Exception {
        Recorder r = new Recorder();
        byte[] file = Blobs.file(3, RdbFormat.OPCODE_SELECTDB, lenBytes(2), RdbFormat.OPCODE_EXPIRETIME,
                new byte[] {(byte) 0xd2, 0x02, (byte) 0x96, 0x49}, RdbFormat.TYPE_STRING, str("k"), str("v"),
                RdbFormat.TYPE_SET, str("empty"), lenBytes(0));
        assertEquals(3, read(file, r));
        assertEquals(List.of("2:k"), r.keys);
        assertEquals(List.of(1234567890_000L), r.expires);
        assertEquals(List.of("empty"), r.skipped);
    }

    @Test
    void opcodesIdleFreqModuleAuxAndSlotInfo() throws Exception {
        Recorder r = new Recorder();
        long moduleId = 12345L << 10;
        byte[] file = Blobs.file(12, RdbFormat.OPCODE_MODULE_AUX, new byte[] {(byte) 0x81},
                longBigEndian(moduleId), lenBytes(2), lenBytes(2), lenBytes(RdbFormat.MODULE_OPCODE_STRING),
                str("blob"), lenBytes(RdbFormat.MODULE_OPCODE_DOUBLE), new byte[8],
                lenBytes(RdbFormat.MODULE_OPCODE_EOF),
                RdbFormat.OPCODE_SLOT_INFO, lenBytes(1), lenBytes(2), lenBytes(3),
                RdbFormat.OPCODE_IDLE, lenBytes(77), RdbFormat.TYPE_STRING, str("a"), str("1"),
                RdbFormat.OPCODE_FREQ, 9, RdbFormat.TYPE_STRING, str("b"), str("2"));
        read(file, r);
        assertEquals(List.of("0:a", "0:b"), r.keys);
        assertEquals(RdbReader.moduleName(moduleId), r.modules.get(0));
        assertEquals(-1, r.idle);
        assertEquals(9, r.freq);
    }

    private static byte[] longBigEndian(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (v >>> (56 - 8 * i));
        }
        return out;
    }

    @Test
    void functionLibrariesGoToTheSinkInBothFormats() throws RdbException {
        Recorder r = new Recorder();
        read(Blobs.file(10, RdbFormat.OPCODE_FUNCTION2, str("#!lua name=lib\nx"), RdbFormat.OPCODE_FUNCTION,
                str("old"), str("LUA"), lenBytes(1), str("desc"), str("code")), r);
        assertEquals(List.of("#!lua name=lib\nx", "#!LUA name=old\ncode"), r.libraries);
    }

    @Test
    void unsupportedItemsAreNamedErrors() {
        RdbException s = assertThrows(RdbException.class, () -> read(Blobs.file(10,
                RdbFormat.TYPE_STREAM_LISTPACKS_2, str("mystream"), lenBytes(0)), new Recorder()));
        assertEquals("streams are not supported yet (RDB type 19) (key 'mystream' of RDB type 19 in db 0, at byte "
                + "offset 9)", s.getMessage());
        RdbException m = assertThrows(RdbException.class, () -> read(Blobs.file(10, RdbFormat.TYPE_MODULE_2,
                str("mod"), lenBytes(5)), new Recorder()));
        assertTrue(m.getMessage().startsWith("module values are not supported"), m.getMessage());
    }

    @Test
    void duplicateKeyInOneDatabaseIsAnError() {
        Keyspace ks = new Keyspace(16, () -> 1_000L);
        byte[] file = Blobs.file(10, RdbFormat.TYPE_STRING, str("k"), str("1"), RdbFormat.OPCODE_SELECTDB,
                lenBytes(1), RdbFormat.TYPE_STRING, str("k"), str("1"), RdbFormat.TYPE_STRING, str("k"), str("2"));
        RdbException e = assertThrows(RdbException.class, () -> read(file, new KeyspaceLoader(ks, true)));
        assertEquals("RDB has duplicated key 'k' in DB 1", e.getMessage());
    }

    @Test
    void expiredKeysAreDroppedOnlyWhenAsked() throws Exception {
        byte[] expiry = new byte[8];
        expiry[0] = 100;
        byte[] file = Blobs.file(10, RdbFormat.OPCODE_EXPIRETIME_MS, expiry, RdbFormat.TYPE_STRING, str("old"),
                str("1"), RdbFormat.TYPE_STRING, str("live"), str("2"));
        Keyspace master = new Keyspace(16, () -> 1_000L);
        KeyspaceLoader asMaster = new KeyspaceLoader(master, true);
        read(file, asMaster);
        assertEquals(1, master.db(0).size());
        assertEquals(1, asMaster.expired());
        Keyspace replica = new Keyspace(16, () -> 1_000L);
        read(file, new KeyspaceLoader(replica, false));
        assertEquals(2, replica.db(0).size());
        assertEquals(100, replica.db(0).peek(b("old")).expireAt());
    }

    @Test
    void headerErrorsReadLikeRedis() {
        assertEquals("Can't handle RDB format version 13", headerError(Blobs.file(13)));
        assertEquals("Can't handle RDB format version 0", headerError(Blobs.file(0)));
        assertEquals("Can't handle RDB format version 001p", headerError(concat(b("REDIS001p"), 255)));
        assertEquals("Wrong signature trying to load DB from file", headerError(concat(b("RADIS0010"), 255)));
        assertEquals("Unexpected EOF reading RDB file", headerError(b("REDIS00")));
        byte[] file = Blobs.file(10, RdbFormat.TYPE_STRING, str("k"), str("v"));
        file[file.length - 1] ^= 1;
        assertTrue(headerError(file).startsWith("Wrong RDB checksum expected: ("), headerError(file));
        byte[] unchecked = Blobs.file(10, RdbFormat.TYPE_STRING, str("k"), str("v"));
        java.util.Arrays.fill(unchecked, unchecked.length - 8, unchecked.length, (byte) 0);
        assertEquals("", headerError(unchecked));
        assertEquals("FATAL: Data file was created with a Redis server configured to handle more than 16 databases.",
                headerError(Blobs.file(10, RdbFormat.OPCODE_SELECTDB, lenBytes(16))));
    }

    private static String headerError(byte[] file) {
        try {
            read(file, new Recorder());
            return "";
        } catch (RdbException e) {
            return e.getMessage();
        }
    }

    @Test
    void damagedPayloadsWithValidChecksumsFailCleanly() {
        byte[][] values = {
            concat(RdbFormat.TYPE_LIST_ZIPLIST, str(Blobs.ziplist("x", 0, 12, -300, 1L << 40, "yz"))),
            concat(RdbFormat.TYPE_LIST_QUICKLIST_2, lenBytes(1), lenBytes(2), str(Blobs.listpack("p", 5, "q"))),
            concat(RdbFormat.TYPE_HASH_ZIPMAP, str(Blobs.zipmap("f", "v", "g", "ww"))),
            concat(RdbFormat.TYPE_HASH_LISTPACK, str(Blobs.listpack("a", "1", "b", 2))),
            concat(RdbFormat.TYPE_ZSET_ZIPLIST, str(Blobs.ziplist("m", "2.5", "n", 7))),
            concat(RdbFormat.TYPE_SET_INTSET, str(Blobs.intset16(-5, 3, 900))),
            concat(RdbFormat.TYPE_HASH_LISTPACK_EX, new byte[8], str(Blobs.listpack("a", "1", 0))),
            concat(RdbFormat.TYPE_ZSET_2, lenBytes(2), str("m"), new byte[8], str("n"), new byte[8]),
        };
        java.util.Random r = new java.util.Random(3);
        int[] rejected = new int[1];
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 4000; i++) {
                byte[] v = values[i % values.length].clone();
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    v[r.nextInt(v.length)] = (byte) r.nextInt(256);
                }
                byte[] p = Blobs.payload(10, v);
                try {
                    DumpPayload.decode(p, LIMITS);
                } catch (RdbException e) {
                    rejected[0]++;
                }
            }
        });
        assertTrue(rejected[0] > 1000, "damage detected " + rejected[0] + " times");
    }
}
