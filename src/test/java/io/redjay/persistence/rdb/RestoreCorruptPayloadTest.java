package io.redjay.persistence.rdb;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.redjay.persistence.rdb.Blobs.concat;
import static io.redjay.persistence.rdb.Blobs.lenBytes;
import static io.redjay.persistence.rdb.Blobs.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RESTORE of corrupt payloads, one of each class of damage, answered by Redjay as by a real Redis 7.0.15 running
 * with {@code sanitize-dump-payload yes} (the mode whose verdicts Redjay always gives): bad packed-blob headers,
 * counts, previous lengths and back lengths, duplicates, NaN scores, empty collections and blobs, and lengths far
 * beyond the payload. Both servers skip the checksum (DEBUG SET-SKIP-CHECKSUM-VALIDATION 1) so that the damage
 * reaches the decoders; a payload whose checksum is wrong is refused before that when the check is on.
 */
class RestoreCorruptPayloadTest {

    private static byte[] body(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(concat(parts));
        Blobs.le(out, 10, 2);
        Blobs.le(out, 0x0123456789abcdefL, 8);
        return out.toByteArray();
    }

    private static Map<String, byte[]> payloads() {
        Map<String, byte[]> p = new LinkedHashMap<>();
        byte[] zlCount = Blobs.ziplist("a", "b");
        zlCount[8] = 3;
        p.put("ziplist count", body(RdbFormat.TYPE_LIST_QUICKLIST, 1, str(zlCount)));
        byte[] zlPrev = Blobs.ziplist("a", "b");
        zlPrev[13] = 7;
        p.put("ziplist prevlen", body(RdbFormat.TYPE_LIST_QUICKLIST, 1, str(zlPrev)));
        byte[] zlTail = Blobs.ziplist("a", "b");
        zlTail[4] = 11;
        p.put("ziplist tail", body(RdbFormat.TYPE_LIST_QUICKLIST, 1, str(zlTail)));
        byte[] lpBack = Blobs.listpack("a", "b");
        lpBack[8] = 9;
        p.put("listpack backlen", body(RdbFormat.TYPE_LIST_QUICKLIST_2, 1, 2, str(lpBack)));
        byte[] lpSize = Blobs.listpack("a", "b");
        lpSize[3] = 0x7f;
        p.put("listpack size header", body(RdbFormat.TYPE_HASH_LISTPACK, str(lpSize)));
        p.put("listpack odd hash", body(RdbFormat.TYPE_HASH_LISTPACK, str(Blobs.listpack("f", "v", "g"))));
        p.put("hash listpack dup", body(RdbFormat.TYPE_HASH_LISTPACK, str(Blobs.listpack("f", "1", "f", "2"))));
        p.put("hash ziplist dup", body(RdbFormat.TYPE_HASH_ZIPLIST, str(Blobs.ziplist("f", "1", "f", "2"))));
        p.put("hash dup", body(RdbFormat.TYPE_HASH, lenBytes(2), str("f"), str("1"), str("f"), str("2")));
        p.put("set dup", body(RdbFormat.TYPE_SET, lenBytes(2), str("a"), str("a")));
        p.put("intset unsorted", body(RdbFormat.TYPE_SET_INTSET, str(Blobs.intset16(2, 1))));
        p.put("zset listpack dup", body(RdbFormat.TYPE_ZSET_LISTPACK, str(Blobs.listpack("m", 1, "m", 2))));
        byte[] nan = new byte[8];
        nan[6] = (byte) 0xf8;
        nan[7] = (byte) 0x7f;
        p.put("zset nan", body(RdbFormat.TYPE_ZSET_2, lenBytes(1), str("m"), nan));
        p.put("empty zipmap", body(RdbFormat.TYPE_HASH_ZIPMAP, str(concat(0, 0xff))));
        p.put("empty hash", body(RdbFormat.TYPE_HASH, lenBytes(0)));
        p.put("empty quicklist", body(RdbFormat.TYPE_LIST_QUICKLIST_2, lenBytes(0)));
        p.put("only an empty ziplist", body(RdbFormat.TYPE_LIST_QUICKLIST, 1, str(Blobs.ziplist())));
        p.put("huge string", body(RdbFormat.TYPE_STRING, 0x80, 0, 0x10, 0, 0, Blobs.b("abc")));
        p.put("huge list count", body(RdbFormat.TYPE_LIST, 0x80, 0xff, 0xff, 0xff, 0xff, str("a")));
        p.put("bad lzf", body(RdbFormat.TYPE_STRING, 0xc3, 3, 40, Blobs.b("\u001fab")));
        p.put("unknown type", body(200, str("a")));
        return p;
    }

    private static String restore(RawClient c, byte[] payload) throws Exception {
        c.command("RESTORE".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII),
                "0".getBytes(StandardCharsets.US_ASCII), payload, "REPLACE".getBytes(StandardCharsets.US_ASCII));
        return c.readReply();
    }

    @Test
    void corruptPayloadsAreAnsweredAsRedisWithFullSanitization() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis r = RealRedis.start("--sanitize-dump-payload", "yes"); TestServer s = TestServer.start();
             RawClient redis = new RawClient(r.port()); RawClient redjay = new RawClient(s.port())) {
            for (RawClient c : new RawClient[]{redis, redjay}) {
                assertEquals("+OK\r\n", c.call("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1"));
            }
            for (Map.Entry<String, byte[]> e : payloads().entrySet()) {
                String expected = restore(redis, e.getValue());
                assertEquals(expected, restore(redjay, e.getValue()), e.getKey());
                assertEquals("-ERR Bad data format\r\n", expected, e.getKey());
            }
            assertEquals("+OK\r\n", restore(redjay, body(RdbFormat.TYPE_STRING, str("fine"))));
            assertEquals("$4\r\nfine\r\n", redjay.call("GET", "k"));
            assertEquals("+OK\r\n", redjay.call("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0"));
            assertEquals("-ERR DUMP payload version or checksum are wrong\r\n",
                    restore(redjay, body(RdbFormat.TYPE_STRING, str("fine"))));
        }
    }
}
