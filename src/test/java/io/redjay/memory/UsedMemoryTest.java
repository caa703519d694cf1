package io.redjay.memory;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code used_memory} is the live heap the data occupies, kept as the data changes: after a mixed workload (every
 * type, TTLs, overwrites, in-place growth and deletions, a flush) each key's charge equals what a walk of its entry,
 * key and value finds, the database totals are the sum of the charges, and the growth of {@code used_memory} is
 * within 10% of the growth of the heap measured after full collections.
 */
class UsedMemoryTest {
    private static final Class<?> EXPIRE_ENTRY = expireEntryClass();

    private static Class<?> expireEntryClass() {
        try {
            return Class.forName("io.redjay.keyspace.ExpireEntry");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static long info(RawClient c, String field) throws IOException {
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(c.call("INFO", "memory"));
        assertTrue(m.find(), field);
        return Long.parseLong(m.group(1));
    }

    private static void mixedWorkload(RawClient c, int n) throws IOException {
        List<String[]> commands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            commands.add(new String[] {"SET", "s:" + i, "value-" + "x".repeat(i % 200)});
            commands.add(new String[] {"HSET", "h:" + (i % (n / 20)), "f" + i, "v" + i});
            commands.add(new String[] {"SADD", "set:" + (i % (n / 20)), "m" + i});
            commands.add(new String[] {"SADD", "iset:" + (i % (n / 50)), Integer.toString(i)});
            commands.add(new String[] {"ZADD", "z:" + (i % (n / 20)), Integer.toString(i), "m" + i});
            commands.add(new String[] {"RPUSH", "l:" + (i % (n / 20)), "element-" + i});
            if (i % 3 == 0) {
                commands.add(new String[] {"EXPIRE", "s:" + i, "10000"});
            }
            if (i % 7 == 0) {
                commands.add(new String[] {"APPEND", "s:" + i, "more"});
            }
            if (i % 11 == 0) {
                commands.add(new String[] {"DEL", "s:" + (i / 2)});
                commands.add(new String[] {"LPOP", "l:" + (i % (n / 20))});
                commands.add(new String[] {"HDEL", "h:" + (i % (n / 20)), "f" + (i / 2)});
            }
        }
        for (String[] cmd : commands) {
            c.command(cmd);
        }
        for (String[] cmd : commands) {
            String r = c.readReply();
            assertTrue(!r.startsWith("-"), String.join(" ", cmd) + " -> " + r);
        }
    }

    @Test
    void chargesMatchAWalkOfEveryKey() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            mixedWorkload(c, 5000);
            assertEquals("+OK\r\n", c.call("SELECT", "3"));
            mixedWorkload(c, 2000);
            assertEquals("+OK\r\n", c.call("FLUSHDB"));
            mixedWorkload(c, 1000);
            c.call("PING");
            long dataset = s.server().executor().submit(() -> {
                long sum = 0;
                for (int i = 0; i < s.server().keyspace().databases(); i++) {
                    Database db = s.server().keyspace().db(i);
                    long dbSum = 0;
                    List<KeyEntry> entries = new ArrayList<>();
                    long cursor = 0;
                    do {
                        cursor = db.scan(cursor, entries::add);
                    } while (cursor != 0);
                    for (KeyEntry e : entries) {
                        long walked = RetainedHeap.shape(KeyEntry.class).shallow()
                                + RetainedHeap.arraySize(e.key()) + RetainedHeap.of(e.value())
                                + (e.hasExpire() ? RetainedHeap.shape(EXPIRE_ENTRY).shallow() : 0);
                        assertEquals(walked, e.chargedBytes(), new String(e.key()));
                        dbSum += e.chargedBytes();
                    }
                    assertEquals(dbSum, db.chargedBytes(), "db " + i);
                    sum += dbSum;
                }
                return sum;
            }).get();
            assertEquals(dataset, s.server().keyspace().datasetBytes());
        }
    }

    @Test
    void usedMemoryFollowsTheLiveHeap() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            double ratio = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                assertEquals("+OK\r\n", c.call("FLUSHALL"));
                long heap0 = liveHeap();
                long used0 = info(c, "used_memory");
                mixedWorkload(c, 40_000);
                assertEquals("+OK\r\n", c.call("DEBUG", "POPULATE", "200000"));
                long used1 = info(c, "used_memory");
                long heap1 = liveHeap();
                ratio = (double) (heap1 - heap0) / (used1 - used0);
                if (Math.abs(ratio - 1) <= 0.10) {
                    break;
                }
            }
            System.out.println("heap growth / used_memory growth = " + ratio);
            assertTrue(Math.abs(ratio - 1) <= 0.10, "heap growth / used_memory growth = " + ratio);
        }
    }

    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
