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
 * server's hash table, so the deletions are compared as sets; the framing and the database of each are checked
 * separately.
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
            assertEquals(deletions(redis, verb), deletions(redjay, verb));
            assertTrue(redjay.stream().noneMatch(l -> l.equals("MULTI") || l.equals("EXEC")), redjay.toString());
            assertEquals("SELECT 4", lastSelectBefore(redjay, verb + " d4"), "d4 is deleted in db 4: " + redjay);
            assertEquals("SELECT 0", lastSelectBefore(redjay, verb + " k0"), "k0 is deleted in db 0: " + redjay);
        }
    }

    private static TreeSet<String> deletions(List<String> lines, String verb) {
        TreeSet<String> out = new TreeSet<>();
        for (String l : lines) {
            if (l.startsWith(verb + " ")) {
                out.add(l);
            }
        }
        return out;
    }

    /** The SELECT in force when {@code line} was sent (the stream tap starts with none: a first SELECT 0). */
    private static String lastSelectBefore(List<String> lines, String line) {
        String select = "SELECT 0";
        for (String l : lines) {
            if (l.equals(line)) {
                return select;
            }
            if (l.startsWith("SELECT ")) {
                select = l;
            }
        }
        throw new AssertionError(line + " not in " + lines);
    }

    private static long count(List<String> lines, String verb) {
        return lines.stream().filter(l -> l.startsWith(verb + " ")).count();
    }
}
