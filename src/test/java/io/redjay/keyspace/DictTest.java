package io.redjay.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two promises of {@link Dict} that SCAN and the keyspace rely on: a scan returns every element that was present
 * from its first call to its last, whatever the table did in between (grow, shrink, rehash half-way), and incremental
 * rehashing never loses or duplicates an element.
 */
class DictTest {
    private static final class Node extends DictEntry {
        Node(byte[] key) {
            super(key, Dict.hash(key));
        }
    }

    private static byte[] key(String prefix, int i) {
        return (prefix + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(Dict<Node> d, byte[] k) {
        d.add(new Node(k));
    }

    @Test
    void scanReturnsEveryStableElementWhileTheTableGrowsAndShrinks() {
        Dict<Node> d = new Dict<>();
        int stable = 500;
        for (int i = 0; i < stable; i++) {
            put(d, key("stable:", i));
        }
        for (int i = 0; i < 20_000; i++) {
            put(d, key("gone:", i));
        }
        Set<String> seen = new HashSet<>();
        int steps = 0;
        int sawRehashing = 0;
        int minBuckets = Integer.MAX_VALUE;
        int maxBuckets = 0;
        int deleted = 0;
        int added = 0;
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> seen.add(new String(e.key(), StandardCharsets.US_ASCII)));
            steps++;
            if (steps < 200) {
                for (int k = 0; k < 150 && deleted < 20_000; k++) {
                    assertNotNull(d.remove(key("gone:", deleted++)));
                }
            } else if (added < 30_000) {
                for (int k = 0; k < 300; k++) {
                    put(d, key("new:", added++));
                }
            }
            if (d.isRehashing()) {
                sawRehashing++;
            }
            minBuckets = Math.min(minBuckets, d.buckets());
            maxBuckets = Math.max(maxBuckets, d.buckets());
        } while (cursor != 0);

        for (int i = 0; i < stable; i++) {
            assertTrue(seen.contains("stable:" + i), "missed stable:" + i);
        }
        assertTrue(sawRehashing > 0, "the table never rehashed during the scan");
        assertTrue(maxBuckets >= 4 * minBuckets, "the table neither shrank nor grew enough: " + minBuckets
                + ".." + maxBuckets);
        assertTrue(added > 0 && deleted > 0);
    }

    @Test
    void scanOfAStableTableVisitsEachElementExactlyOnce() {
        Dict<Node> d = new Dict<>();
        for (int i = 0; i < 10_000; i++) {
            put(d, key("k", i));
        }
        d.rehash(3);
        assertTrue(d.isRehashing() || d.size() == 10_000);
        Set<String> seen = new HashSet<>();
        int[] visits = {0};
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> {
                visits[0]++;
                seen.add(new String(e.key(), StandardCharsets.US_ASCII));
            });
        } while (cursor != 0);
        assertEquals(10_000, seen.size());
        assertEquals(10_000, visits[0]);
    }

    @Test
    void incrementalRehashKeepsEveryEntryWith200kKeys() {
        Dict<Node> d = new Dict<>();
        int n = 200_000;
        Node[] nodes = new Node[n];
        boolean sawRehashing = false;
        for (int i = 0; i < n; i++) {
            nodes[i] = new Node(key("key:", i));
            d.add(nodes[i]);
            sawRehashing |= d.isRehashing();
            if (i % 997 == 0) {
                assertSame(nodes[i / 2], d.get(key("key:", i / 2)));
            }
        }
        assertTrue(sawRehashing);
        assertEquals(n, d.size());
        for (int i = 0; i < n; i++) {
            assertSame(nodes[i], d.get(key("key:", i)), "lost key:" + i);
        }
        assertNull(d.get(key("key:", n)));

        int bucketsFull = d.buckets();
        for (int i = 0; i < n; i++) {
            if (i % 50 != 0) {
                assertSame(nodes[i], d.remove(key("key:", i)));
            }
        }
        assertEquals(n / 50, d.size());
        d.rehashFor(1_000_000_000L);
        assertTrue(!d.isRehashing());
        assertTrue(d.buckets() <= bucketsFull / 8, "the table did not shrink: " + d.buckets());
        for (int i = 0; i < n; i++) {
            if (i % 50 == 0) {
                assertSame(nodes[i], d.get(key("key:", i)));
            } else {
                assertNull(d.get(key("key:", i)));
            }
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> seen.add(new String(e.key(), StandardCharsets.US_ASCII)));
        } while (cursor != 0);
        assertEquals(n / 50, seen.size());
    }

    @Test
    void aHeldTableGrowsOnlyPastFiveEntriesPerBucketAndGrowsOnceReleased() {
        Dict<Node> d = new Dict<>();
        for (int i = 0; i < 4096; i++) {
            put(d, key("k", i));
        }
        while (d.isRehashing()) {
            d.rehash(100);
        }
        assertEquals(4096, d.buckets());
        d.pauseRehashing();
        for (int i = 0; i < 4096 * 4; i++) {
            put(d, key("held", i));
        }
        assertEquals(4096, d.buckets(), "no growth under a snapshot while under five per bucket");
        for (int i = 0; i < 4097; i++) {
            put(d, key("more", i));
        }
        assertTrue(d.buckets() > 4096, "past five per bucket it grows anyway");
        d.resumeRehashing();
        Dict<Node> e = new Dict<>();
        for (int i = 0; i < 4096; i++) {
            put(e, key("k", i));
        }
        while (e.isRehashing()) {
            e.rehash(100);
        }
        e.pauseRehashing();
        put(e, key("x", 1));
        assertEquals(4096, e.buckets());
        e.resumeRehashing();
        put(e, key("x", 2));
        assertEquals(4096 + 8192, e.buckets(), "released, the next insert starts the growth");
    }

    @Test
    void statsAreRedisDictGetStatsText() {
        Dict<Node> d = new Dict<>();
        assertEquals("Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n", d.stats());
        put(d, key("a", 1));
        put(d, key("a", 2));
        put(d, key("a", 3));
        String s = d.stats();
        assertTrue(s.startsWith("Hash table 0 stats (main hash table):\n table size: 4\n number of elements: 3\n"),
                s);
        assertTrue(s.contains(" Chain length distribution:\n   0: "), s);
    }
}
