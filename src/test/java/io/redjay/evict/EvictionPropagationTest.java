package io.redjay.evict;

import io.redjay.support.RawClient;
import io.redjay.support.RedjayTap;
import io.redjay.support.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evictions reach replicas and the AOF as deletions of their own, as Redis propagates them: one DEL (UNLINK with
 * {@code lazyfree-lazy-eviction}) per evicted key, in the evicted key's database, ahead of the command that needed the
 * room and never inside its MULTI block; a replica applying the stream holds exactly the keys the master kept.
 */
class EvictionPropagationTest {
    @ParameterizedTest
    @ValueSource(strings = {"no", "yes"})
    void everyEvictionIsPropagatedAsADeletion(String lazy) throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", "allkeys-lru", "--lazyfree-lazy-eviction", lazy);
             RawClient c = new RawClient(s.port()); RedjayTap tap = RedjayTap.attach(s)) {
            assertEquals("+OK\r\n", c.call("SELECT", "2"));
            String value = "v".repeat(1000);
            long used = Long.parseLong(c.call("INFO", "memory").replaceAll("(?s).*\r\nused_memory:(\\d+).*", "$1"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory", Long.toString(used + (1 << 20))));
            for (int i = 0; i < 2000; i++) {
                if (i % 10 == 0) {
                    c.call("MULTI");
                    c.call("SET", "k" + i, value);
                    c.call("INCR", "counter");
                    c.call("EXEC");
                } else {
                    c.call("SET", "k" + i, value);
                }
            }
            List<String> stream = tap.take();
            String delete = lazy.equals("yes") ? "UNLINK " : "DEL ";
            Set<String> replica = new HashSet<>();
            boolean inMulti = false;
            long deletions = 0;
            String db = "0";
            for (String line : stream) {
                if (line.startsWith("SELECT ")) {
                    db = line.substring(7);
                    continue;
                }
                assertEquals("2", db, "every command of this test is in database 2: " + line);
                if (line.equals("MULTI")) {
                    inMulti = true;
                } else if (line.equals("EXEC")) {
                    inMulti = false;
                } else if (line.startsWith(delete)) {
                    assertTrue(!inMulti, "an eviction inside a MULTI block: " + stream);
                    assertTrue(replica.remove(line.substring(delete.length())), line);
                    deletions++;
                } else if (line.startsWith("SET ")) {
                    replica.add(line.split(" ")[1]);
                } else {
                    assertEquals("INCR counter", line);
                    replica.add("counter");
                }
            }
            long evicted = Long.parseLong(c.call("INFO", "stats").replaceAll("(?s).*\r\nevicted_keys:(\\d+).*", "$1"));
            assertTrue(evicted > 0);
            assertEquals(evicted, deletions);
            assertEquals(":" + replica.size() + "\r\n", c.call("DBSIZE"));
            for (String k : replica) {
                assertEquals(":1\r\n", c.call("EXISTS", k), k);
            }
        }
    }
}
