package io.redjay.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot cursor's contract under writes between its steps: every key present for the whole iteration is handed
 * out exactly once, keys created after the snapshot began never are, and the table may grow and shrink (incremental
 * rehash included) meanwhile.
 */
class SnapshotCursorTest {
    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachKeyPresentThroughoutIsHandedOutExactlyOnceAcrossResizes() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            Keyspace ks = new Keyspace(1, () -> 1_000L);
            Database db = ks.db(0);
            int initial = 2000 + rnd.nextInt(3000);
            for (int i = 0; i < initial; i++) {
                db.add(key(i), "v");
            }
            byte epoch = ks.beginSnapshotEpoch();
            SnapshotCursor cursor = new SnapshotCursor(db, epoch);
            Map<String, Integer> handed = new HashMap<>();
            Set<String> removed = new HashSet<>();
            Set<String> created = new HashSet<>();
            int next = initial;
            int steps = 0;
            while (!cursor.done()) {
                assertTrue(++steps < 1_000_000, "cursor never finished");
                cursor.step(1 + rnd.nextInt(8), e -> handed.merge(new String(e.key(), StandardCharsets.US_ASCII), 1,
                        Integer::sum));
                int op = rnd.nextInt(10);
                if (op < 4 && db.size() > 10) {
                    for (int j = 0; j < 1 + rnd.nextInt(seed % 2 == 0 ? 40 : 600); j++) {
                        int victim = rnd.nextInt(next);
                        if (db.remove(key(victim)) != null) {
                            removed.add("key:" + victim);
                        }
                    }
                } else if (op < 7) {
                    for (int j = 0; j < 1 + rnd.nextInt(60); j++) {
                        db.add(key(next), "v");
                        created.add("key:" + next);
                        next++;
                    }
                }
            }
            for (int i = 0; i < initial; i++) {
                String k = "key:" + i;
                if (!removed.contains(k)) {
                    assertEquals(1, handed.getOrDefault(k, 0), "seed " + seed + ": " + k);
                }
            }
            for (Map.Entry<String, Integer> e : handed.entrySet()) {
                assertEquals(1, e.getValue(), "seed " + seed + ": handed out twice: " + e.getKey());
                assertTrue(!created.contains(e.getKey()), "seed " + seed + ": created later: " + e.getKey());
            }
        }
    }

    @Test
    void anEntrySavedByTheHookIsNotHandedOutAgain() {
        Keyspace ks = new Keyspace(1, () -> 1_000L);
        Database db = ks.db(0);
        for (int i = 0; i < 100; i++) {
            db.add(key(i), "v");
        }
        byte epoch = ks.beginSnapshotEpoch();
        db.peek(key(7)).snapshotMark(epoch);
        SnapshotCursor cursor = new SnapshotCursor(db, epoch);
        Set<String> handed = new HashSet<>();
        while (!cursor.done()) {
            cursor.step(16, e -> handed.add(new String(e.key(), StandardCharsets.US_ASCII)));
        }
        assertEquals(99, handed.size());
        assertTrue(!handed.contains("key:7"));
    }
}
