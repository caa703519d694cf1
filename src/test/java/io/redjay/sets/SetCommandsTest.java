package io.redjay.sets;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The set commands through a real client, each on the compact and on the hashtable encoding. */
class SetCommandsTest {
    private static TestServer server;
    private static Jedis jedis;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        jedis.close();
        server.close();
    }

    @BeforeEach
    void flush() {
        jedis.flushAll();
        jedis.configSet("set-max-intset-entries", "512");
        jedis.configSet("set-max-listpack-entries", "128");
    }

    static List<String> encodings() {
        return SetFixtures.ENCODINGS;
    }

    /** Creates {@code key} with {@code members} in the wanted encoding (hashtable: limits lowered first). */
    private static void create(String enc, String key, List<String> members) {
        if (enc.equals("hashtable")) {
            jedis.configSet("set-max-intset-entries", "0");
            jedis.configSet("set-max-listpack-entries", "0");
        }
        jedis.sadd(key, members.toArray(new String[0]));
        assertEquals(enc, jedis.objectEncoding(key));
        jedis.configSet("set-max-intset-entries", "512");
        jedis.configSet("set-max-listpack-entries", "128");
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void addCardMembershipAndMembers(String enc) {
        List<String> ms = SetFixtures.members(enc, 10);
        create(enc, "s", ms);
        assertEquals(10, jedis.scard("s"));
        assertEquals(0, jedis.sadd("s", ms.get(0), ms.get(1)));
        assertTrue(jedis.sismember("s", ms.get(5)));
        assertFalse(jedis.sismember("s", "nope"));
        assertEquals(List.of(true, false, true), jedis.smismember("s", ms.get(0), "nope", ms.get(9)));
        assertEquals(new HashSet<>(ms), jedis.smembers("s"));
        assertEquals(0, jedis.scard("missing"));
        assertEquals(Set.of(), jedis.smembers("missing"));
        assertEquals(List.of(false, false), jedis.smismember("missing", "a", "b"));
    }

    @Test
    void intsetMembersComeSorted() {
        jedis.sadd("i", "30", "-2", "7", "100", "0");
        assertEquals("intset", jedis.objectEncoding("i"));
        assertEquals(List.of("-2", "0", "7", "30", "100"), orderedMembers("i"));
    }

    /** SMEMBERS in the server's order (Jedis would put the reply into an unordered set). */
    private static List<String> orderedMembers(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) jedis.sendCommand(Protocol.Command.SMEMBERS, key)) {
            out.add(new String((byte[]) o, StandardCharsets.UTF_8));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void sremDeletesTheKeyWhenEmpty(String enc) {
        List<String> ms = SetFixtures.members(enc, 4);
        create(enc, "s", ms);
        assertEquals(2, jedis.srem("s", ms.get(0), ms.get(1), "nope"));
        assertEquals(2, jedis.scard("s"));
        assertEquals(2, jedis.srem("s", ms.get(2), ms.get(3), ms.get(0)));
        assertFalse(jedis.exists("s"));
        assertEquals(0, jedis.srem("s", "x"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void spopSingleAndCounted(String enc) {
        List<String> ms = SetFixtures.members(enc, 26);
        create(enc, "s", ms);
        Set<String> popped = new HashSet<>();
        popped.add(jedis.spop("s"));
        popped.addAll(jedis.spop("s", 3));
        popped.addAll(jedis.spop("s", 20));
        assertEquals(24, popped.size());
        assertEquals(2, jedis.scard("s"));
        assertEquals(Set.of(), jedis.spop("s", 0));
        popped.addAll(jedis.spop("s", 100));
        assertEquals(new HashSet<>(ms), popped);
        assertFalse(jedis.exists("s"));
        assertNull(jedis.spop("s"));
        assertEquals(Set.of(), jedis.spop("s", 3));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void srandmemberCounts(String enc) {
        List<String> ms = SetFixtures.members(enc, 50);
        create(enc, "s", ms);
        assertTrue(ms.contains(jedis.srandmember("s")));
        for (int count : new int[] {1, 5, 20, 49, 50, 500}) {
            List<String> got = jedis.srandmember("s", count);
            assertEquals(Math.min(count, 50), got.size());
            assertEquals(got.size(), new HashSet<>(got).size(), "distinct for a positive count");
            assertTrue(ms.containsAll(got));
        }
        List<String> repeated = jedis.srandmember("s", -200);
        assertEquals(200, repeated.size());
        assertTrue(ms.containsAll(repeated));
        assertEquals(List.of(), jedis.srandmember("s", 0));
        assertEquals(50, jedis.scard("s"));
        assertEquals(List.of(), jedis.srandmember("missing", 5));
        assertNull(jedis.srandmember("missing"));
    }

    @Test
    void smoveBetweenEncodings() {
        jedis.sadd("from", "1", "a", "b");
        jedis.sadd("to", "2", "3");
        assertEquals(1, jedis.smove("from", "to", "a"));
        assertEquals(Set.of("2", "3", "a"), jedis.smembers("to"));
        assertEquals(Set.of("1", "b"), jedis.smembers("from"));
        assertEquals(0, jedis.smove("from", "to", "zzz"));
        assertEquals(1, jedis.smove("from", "from", "1"));
        assertEquals(0, jedis.smove("from", "from", "zzz"));
        assertEquals(1, jedis.smove("from", "fresh", "1"));
        assertEquals("intset", jedis.objectEncoding("fresh"));
        assertEquals(1, jedis.smove("from", "to", "b"));
        assertFalse(jedis.exists("from"));
        assertEquals(0, jedis.smove("from", "to", "b"));
        jedis.sadd("x", "v");
        jedis.sadd("y", "v");
        assertEquals(1, jedis.smove("x", "y", "v"));
        assertEquals(Set.of("v"), jedis.smembers("y"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void intersectionsUnionsAndDifferences(String enc) {
        create(enc, "a", enc.equals("listpack") ? List.of("1", "2", "3", "4", "w") : List.of("1", "2", "3", "4"));
        jedis.srem("a", "w");
        jedis.sadd("b", "3", "4", "5");
        jedis.sadd("c", "4", "x");
        assertEquals(Set.of("3", "4"), jedis.sinter("a", "b"));
        assertEquals(Set.of("4"), jedis.sinter("a", "b", "c"));
        assertEquals(Set.of(), jedis.sinter("a", "missing"));
        assertEquals(2, jedis.sintercard("a", "b"));
        assertEquals(1, jedis.sintercard(1, "a", "b"));
        assertEquals(Set.of("1", "2", "3", "4", "5", "x"), jedis.sunion("a", "b", "c", "missing"));
        assertEquals(Set.of("1", "2"), jedis.sdiff("a", "b"));
        assertEquals(Set.of("1", "2", "3"), jedis.sdiff("a", "c"));
        assertEquals(Set.of(), jedis.sdiff("a", "a"));
        assertEquals(Set.of(), jedis.sdiff("missing", "a"));

        assertEquals(2, jedis.sinterstore("dst", "a", "b"));
        assertEquals(Set.of("3", "4"), jedis.smembers("dst"));
        assertEquals(6, jedis.sunionstore("dst", "a", "b", "c"));
        assertEquals(Set.of("1", "2", "3", "4", "5", "x"), jedis.smembers("dst"));
        assertEquals(2, jedis.sdiffstore("dst", "a", "b"));
        assertEquals(Set.of("1", "2"), jedis.smembers("dst"));
        assertEquals(0, jedis.sinterstore("dst", "a", "missing"));
        assertFalse(jedis.exists("dst"));
        jedis.set("dst", "string");
        jedis.expire("dst", 100);
        assertEquals(4, jedis.sunionstore("dst", "b", "b", "c", "c", "nope"));
        assertEquals("set", jedis.type("dst"));
        assertEquals(-1, jedis.ttl("dst"));
    }

    @Test
    void storeResultsOfIntegersAreIntsets() {
        jedis.sadd("a", "1", "2", "x");
        jedis.sadd("b", "2", "1", "y");
        jedis.sinterstore("i", "a", "b");
        assertEquals("intset", jedis.objectEncoding("i"));
        assertEquals(List.of("1", "2"), orderedMembers("i"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void sscanVisitsEverything(String enc) {
        List<String> ms = SetFixtures.members(enc, 100);
        create(enc, "s", ms);
        Set<String> seen = new TreeSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<String> r = jedis.sscan("s", cursor, new ScanParams().count(7));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(new TreeSet<>(ms), seen);
        assertEquals(enc.equals("hashtable"), calls > 1);
        ScanResult<String> matched = jedis.sscan("s", "0", new ScanParams().match(ms.get(1)).count(1000));
        assertEquals(List.of(ms.get(1)), matched.getResult());
    }

    @Test
    void hashtableScanSurvivesGrowthBetweenCalls() {
        jedis.configSet("set-max-intset-entries", "0");
        for (int i = 0; i < 200; i++) {
            jedis.sadd("s", "m" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int added = 0;
        do {
            ScanResult<String> r = jedis.sscan("s", cursor, new ScanParams().count(10));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            for (int k = 0; k < 50; k++) {
                jedis.sadd("s", "extra" + added++);
            }
        } while (!cursor.equals("0"));
        for (int i = 0; i < 200; i++) {
            assertTrue(seen.contains("m" + i), "member present for the whole scan was missed: m" + i);
        }
    }

    @Test
    void genericKeyCommandsWorkOnSets() {
        jedis.sadd("s", "a", "b", "1");
        assertEquals("set", jedis.type("s"));
        assertTrue(jedis.copy("s", "c", false));
        jedis.sadd("c", "more");
        assertEquals(3, jedis.scard("s"));
        assertEquals(4, jedis.scard("c"));
        jedis.rename("c", "d");
        assertEquals(4, jedis.scard("d"));
        assertTrue(jedis.memoryUsage("s") > 0);
    }
}
