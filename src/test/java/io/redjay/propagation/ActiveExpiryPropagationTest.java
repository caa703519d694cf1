package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys reclaimed by the active expiry cycle, with nobody touching them, reach replicas as one DEL each (UNLINK with
 * lazyfree-lazy-expire), never framed in MULTI/EXEC, in the database they lived in. The cycle's order follows each
 * server's hash table, so the lines are compared as sets; the framing and the SELECTs are checked separately.
 */
class ActiveExpiryPropagationTest {
    @Test
    void activelyExpiredKeysArePropagatedAsSingleDeletes() throws Exception {
        check("no", "DEL");
    }

    @Test
    void withLazyfreeLazyExpireTheyAreUnlinks() throws Exception {
        check("yes", "UNLINK");
    }

    private static void check(String lazy, String verb) throws Exception {
        try (PropagationDiff diff = PropagationDiff.start("--lazyfree-lazy-expire", lazy)) {
            diff.reset();
            List<String> setup = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                setup.add("SET k" + i + " v PX 50");
            }
            setup.add("SELECT 4");
            setup.add("SET d4 v PX 50");
            setup.add("SELECT 0");
            diff.assertSame(setup.toArray(new String[0]));
            List<String> redis = new ArrayList<>();
            List<String> redjay = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((count(redis, verb) < 7 || count(redjay, verb) < 7) && System.nanoTime() < deadline) {
                PropagationDiff.Run r = diff.run("PING");
                redis.addAll(r.redisStream());
                redjay.addAll(r.redjayStream());
            }
            assertEquals(7, count(redis, verb), "Redis: " + redis);
            assertEquals(7, count(redjay, verb), "Redjay: " + redjay);
            assertEquals(new TreeSet<>(redis), new TreeSet<>(redjay));
            assertTrue(redjay.stream().noneMatch(l -> l.equals("MULTI") || l.equals("EXEC")), redjay.toString());
            int d4 = redjay.indexOf(verb + " d4");
            assertEquals("SELECT 4", redjay.get(d4 - 1), "the DEL of a key of db 4 goes out in db 4: " + redjay);
        }
    }

    private static long count(List<String> lines, String verb) {
        return lines.stream().filter(l -> l.startsWith(verb + " ")).count();
    }
}
