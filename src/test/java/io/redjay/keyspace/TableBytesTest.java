package io.redjay.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keyspace's total of bucket-array bytes is kept, not summed on every read: it must still equal the sum over
 * every database's tables after the tables grow, rehash, shrink, are cleared, and change places (SWAPDB).
 */
class TableBytesTest {
    private static long summed(Keyspace ks) {
        long sum = 0;
        for (int i = 0; i < ks.databases(); i++) {
            sum += ks.db(i).tableBytes();
        }
        return sum;
    }

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theKeptTotalFollowsEveryTableChange() {
        Keyspace ks = new Keyspace(4, Clock.SYSTEM);
        assertEquals(summed(ks), ks.tableBytes(), "empty");
        Database db = ks.db(0);
        for (int i = 0; i < 5000; i++) {
            KeyEntry e = db.add(key(i), new byte[] {1});
            if (i % 3 == 0) {
                db.setExpire(e, System.currentTimeMillis() + 100_000);
            }
            if (i % 997 == 0) {
                assertEquals(summed(ks), ks.tableBytes(), "while growing, at " + i);
            }
        }
        db.rehashFor(100_000_000L);
        assertEquals(summed(ks), ks.tableBytes(), "after rehash steps");
        ks.swap(0, 2);
        assertEquals(summed(ks), ks.tableBytes(), "after SWAPDB");
        ks.db(2).clear();
        assertEquals(summed(ks), ks.tableBytes(), "after FLUSHDB");
    }
}
