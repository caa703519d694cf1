package io.redjay.seeds;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SortingParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of the seed notes (/work/shared/seeds: a Spanish redis-py notebook, Chinese and English "Redis in
 * Action" notes) replayed through Jedis with the same commands and arguments, asserting what the notes print or, where
 * they print nothing, what Redis 7.0 answers. These are the uses Redjay exists for, so they run as one class that
 * reads like the notes. redis-py's legacy argument orders are translated to the wire command they send
 * ({@code zadd(key, member, score)} is {@code ZADD key score member}, {@code zincrby(key, member, amount)} is
 * {@code ZINCRBY key amount member}, {@code setex(key, value, time)} is {@code SETEX key time value}). The pub/sub
 * helper and the WATCH/MULTI/EXEC market and transaction examples are left to the transaction tests; SAVE/restart and
 * replication examples need persistence and a replica. Run with {@code -Dseeds.port=P} to replay the same
 * expectations against a real Redis on port P.
 */
class SeedUseCasesTest {
    private static TestServer server;
    private static int port;
    private static Jedis r;

    @BeforeAll
    static void start() {
        String external = System.getProperty("seeds.port");
        if (external != null) {
            port = Integer.parseInt(external);
        } else {
            server = TestServer.start();
            port = server.port();
        }
        r = new Jedis("127.0.0.1", port);
    }

    @AfterAll
    static void stop() {
        r.close();
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void flush() {
        r.select(0);
        r.flushAll();
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    // ------------------------------------------------------------------ Spanish notebook (000)

    @Test
    void setGetAndDbsize() {
        assertEquals("OK", r.set("nombre:usuario", "Bertoldo"));
        assertEquals("Bertoldo", r.get("nombre:usuario"));
        r.set("edad:usuario", "27");
        assertEquals(27, Integer.parseInt(r.get("edad:usuario")));
        assertEquals(2L, r.dbSize());
        r.flushAll();
        assertEquals(0L, r.dbSize());
    }

    @Test
    void setWithExpireXxTtlPersistExistsDelete() {
        r.setex("x", 8, "10");
        assertEquals("OK", r.set("x", "-1", redis.clients.jedis.params.SetParams.setParams().xx()));
        assertEquals("-1", r.get("x"));
        r.setex("x", 5, "10");
        long ttl = r.ttl("x");
        assertTrue(ttl >= 4 && ttl <= 5);
        r.expire("x", -3);
        assertEquals(-2L, r.ttl("x"));
        assertNull(r.get("x"));
        r.setex("x", 5, "10");
        r.persist("x");
        assertEquals(-1L, r.ttl("x"));
        assertEquals(-2L, r.ttl("y"));
        assertTrue(r.exists("x"));
        assertFalse(r.exists("y"));
        r.del("x");
        assertFalse(r.exists("x"));
    }

    @Test
    void stringAppendStrlenGetrangeSetrange() {
        r.flushDB();
        r.set("saludo", "Hola ");
        assertEquals(11L, r.append("saludo", " Mundo"));
        assertEquals("Hola  Mundo", r.get("saludo"));
        long l = r.strlen("saludo");
        assertEquals(" Mundo", r.getrange("saludo", 5, l));
        r.setrange("saludo", 5, "Chung");
        assertEquals("Hola Chungo", r.get("saludo"));
    }

    @Test
    void sensorAppendOnlyNewReadings() {
        r.set("sensor", "   320.9");
        r.set("sensordata", r.get("sensor"));
        r.del("sensordata");
        String v = "";
        int reading = 0;
        while (r.strlen("sensordata") < 1000) {
            r.set("sensor", String.format("%5d0.%d", 151 + 2 * (reading / 2), reading % 10));
            reading++;
            String nv = r.get("sensor");
            if (!nv.equals(v)) {
                r.append("sensordata", ":" + nv);
                v = nv;
            }
        }
        String data = r.get("sensordata");
        assertTrue(data.length() >= 1000 && data.startsWith(":  1510.0:"));
        assertEquals("Bertoldo", setAndGetset());
    }

    private static String setAndGetset() {
        r.set("name", "Bertoldo");
        String old = r.getSet("name", "Herminia");
        assertEquals("Herminia", r.get("name"));
        return old;
    }

    @Test
    void countersWithMsetMgetIncr() {
        r.flushDB();
        r.set("ceros", "0");
        r.set("nueves", "0");
        int[] readings = {0, 9, 3, 0, 0, 9, 5};
        long t = -1;
        for (int i = 0; i < readings.length; i++) {
            r.mset("sensorTime", Integer.toString(i), "sensorValue", Integer.toString(readings[i]));
            List<String> v = r.mget("sensorTime", "sensorValue");
            if (v.get(0) != null && Integer.parseInt(v.get(0)) != t) {
                t = Integer.parseInt(v.get(0));
                int valor = Integer.parseInt(v.get(1));
                if (valor == 0) {
                    r.incr("ceros");
                } else if (valor == 9) {
                    r.incr("nueves");
                }
            }
        }
        assertEquals(List.of("3", "2"), r.mget("ceros", "nueves"));
    }

    @Test
    void listsAndTheWrongTypeError() {
        r.del("lista");
        for (int i = 0; i < 10; i++) {
            r.lpush("lista", Integer.toString(i));
        }
        JedisDataException e = assertThrows(JedisDataException.class, () -> r.get("lista"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
        assertEquals(List.of("9", "8", "7", "6", "5", "4", "3", "2", "1", "0"),
                r.lrange("lista", 0, r.llen("lista")));
        assertEquals("0", r.rpop("lista"));
        assertEquals(List.of("9", "8", "7", "6", "5", "4", "3", "2", "1"), r.lrange("lista", 0, -1));
        assertEquals(9L, r.llen("lista"));
        assertEquals("7", r.lindex("lista", 2));
    }

    @Test
    void cappedListWithLpushAndLtrim() {
        r.lpush("lista", "10", "20", "30", "40", "50");
        r.lpush("lista", "110", "120", "130", "140", "150", "160");
        r.ltrim("lista", 0, 10);
        assertEquals(List.of("160", "150", "140", "130", "120", "110", "50", "40", "30", "20", "10"),
                r.lrange("lista", 0, -1));
    }

    /** P7: a producer keeps "lsensor" capped at 10 with LPUSH + LTRIM; the consumer BLPOPs with a 3 s timeout. */
    @Test
    void producerConsumerWithBlpop() throws Exception {
        r.set("ceros", "0");
        r.set("nueves", "0");
        String[] values = {"0", "4", "9", "0", "7", "9", "0"};
        CountDownLatch consumerStarted = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            try (Jedis p = client()) {
                consumerStarted.await();
                for (String v : values) {
                    p.lpush("lsensor", v);
                    p.ltrim("lsensor", 0, 9);
                    Thread.sleep(20);
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        consumerStarted.countDown();
        List<String> consumed = new ArrayList<>();
        while (true) {
            List<String> x = r.blpop(3, "lsensor");
            if (x == null) {
                break;
            }
            String valor = x.get(1);
            consumed.add(valor);
            if (valor.equals("0")) {
                r.incr("ceros");
            } else if (valor.equals("9")) {
                r.incr("nueves");
            }
        }
        producer.join();
        assertEquals(values.length, consumed.size());
        assertEquals(List.of("3", "2"), r.mget("ceros", "nueves"));
    }

    @Test
    void hashBasics() {
        r.hset("usuarios", "039", "Bertoldo");
        r.hset("usuarios", "511", "Herminia");
        r.hset("usuarios", "011", "Calixta");
        assertEquals("Herminia", r.hget("usuarios", "511"));
        assertEquals(3L, r.hlen("usuarios"));
        assertEquals(Set.of("511", "011", "039"), r.hkeys("usuarios"));
        assertEquals(Set.of("Herminia", "Calixta", "Bertoldo"), new HashSet<>(r.hvals("usuarios")));
        assertEquals(1L, r.hdel("usuarios", "039"));
        assertEquals(Map.of("511", "Herminia", "011", "Calixta"), r.hgetAll("usuarios"));
    }

    /** P8: the consumer counts each value in the hash "valores" with HINCRBY; the notes' run printed these counts. */
    @Test
    void countValuesWithHincrby() {
        r.rpush("lsensor", "7", "7", "1", "2", "2", "0", "8", "3", "9", "6", "7");
        r.del("valores");
        while (true) {
            List<String> v = r.blpop(3, "lsensor");
            if (v == null) {
                break;
            }
            r.hincrBy("valores", v.get(1), 1);
        }
        String[] expected = {"1", "1", "2", "1", null, null, "1", "3", "1", "1"};
        for (int i = 0; i < 10; i++) {
            assertEquals(expected[i], r.hget("valores", Integer.toString(i)), "count of " + i);
        }
    }

    @Test
    void setBasics() {
        r.sadd("s", "1", "2", "3");
        assertEquals(0L, r.sadd("s", "3"));
        assertEquals(3L, r.scard("s"));
        assertEquals(Set.of("2", "3", "1"), r.smembers("s"));
        assertFalse(r.sismember("s", "4"));
    }

    private static void addTag(String item, String tag) {
        r.sadd(item, tag);
        r.sadd(tag, item);
    }

    @Test
    void tagsWithSets() {
        r.flushAll();
        addTag("Spiderman", "fantasía");
        addTag("Spiderman", "superhéroes");
        addTag("Spiderman", "comic");
        addTag("Spiderman", "arañas");
        addTag("Peppa Pig", "fantasía");
        addTag("Peppa Pig", "infantil");
        addTag("Peppa Pig", "charcos");
        assertEquals(Set.of("comic", "superhéroes", "fantasía", "arañas"), r.smembers("Spiderman"));
        assertEquals(Set.of("Spiderman", "Peppa Pig"), r.smembers("fantasía"));
        assertEquals(Set.of("fantasía"), r.sinter("Spiderman", "Peppa Pig"));
    }

    @Test
    void dealCardsWithSpop() {
        r.del("mazo");
        List<String> cards = new ArrayList<>();
        for (String i : List.of("C", "P", "T", "D")) {
            for (String j : List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K")) {
                cards.add(i + j);
            }
        }
        r.sadd("mazo", cards.toArray(new String[0]));
        assertEquals(new HashSet<>(cards), r.smembers("mazo"));
        r.del("c1");
        r.del("c2");
        for (int i = 0; i < 5; i++) {
            r.sadd("c1", r.spop("mazo"));
            r.sadd("c2", r.spop("mazo"));
        }
        Set<String> c1 = r.smembers("c1");
        Set<String> c2 = r.smembers("c2");
        Set<String> mazo = r.smembers("mazo");
        assertEquals(5, c1.size());
        assertEquals(5, c2.size());
        assertEquals(42, mazo.size());
        Set<String> all = new HashSet<>(mazo);
        all.addAll(c1);
        all.addAll(c2);
        assertEquals(new HashSet<>(cards), all);
    }

    @Test
    void instagramFollowersSortedSet() {
        r.del("instagram");
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("Ariana", 149.0);
        m.put("Cristiano", 158.0);
        m.put("Selena", 147.0);
        m.put("Dwayne Johnson", 135.0);
        m.put("Kim Kardashian", 131.0);
        r.zadd("instagram", m);
        assertEquals(5L, r.zcard("instagram"));
        assertEquals(List.of("Kim Kardashian", "Dwayne Johnson", "Selena", "Ariana", "Cristiano"),
                r.zrange("instagram", 0, -1));
        assertEquals(List.of("Cristiano", "Ariana", "Selena", "Dwayne Johnson", "Kim Kardashian"),
                r.zrevrange("instagram", 0, -1));
        assertEquals(List.of("Kim Kardashian=131.0", "Dwayne Johnson=135.0", "Selena=147.0", "Ariana=149.0",
                "Cristiano=158.0"), pairs(r.zrangeWithScores("instagram", 0, -1)));
        assertEquals(List.of("Kim Kardashian=131.0", "Dwayne Johnson=135.0", "Selena=147.0", "Ariana=149.0"),
                pairs(r.zrangeByScoreWithScores("instagram", 130, 150)));
        assertEquals(4L, r.zrank("instagram", "Cristiano"));
        assertEquals(158.0, r.zscore("instagram", "Cristiano"));
    }

    @Test
    void databasesSelectMoveSwapdb() {
        try (Jedis r3 = client()) {
            r3.select(3);
            assertEquals("PONG", r3.ping());
            r3.set("k", "in3");
            assertNull(r.get("k"));
            assertEquals(1L, r3.move("k", 0));
            assertEquals("in3", r.get("k"));
            assertNull(r3.get("k"));
            r.select(1);
            r.set("one", "1");
            r.select(0);
            assertEquals("OK", r.swapDB(0, 1));
            assertEquals("1", r.get("one"));
            assertNull(r.get("k"));
            r.select(1);
            assertEquals("in3", r.get("k"));
        }
    }

    // ------------------------------------------------------------------ "Redis in Action" command tables (002)

    @Test
    void stringCommandTable() {
        assertEquals("OK", r.set("new-string-key", ""));
        assertEquals("", r.get("new-string-key"));
        assertEquals(1L, r.setrange("new-string-key", 0, "H"));
        assertEquals(25L, r.setrange("new-string-key", 11, ", how are you?"));
        assertEquals("\0\0\0\0\0", r.getrange("new-string-key", 3, 7));
        assertEquals("OK", r.mset("k1", "v1", "k2", "v2"));
        assertEquals(Arrays.asList(null, null), r.mget("another-key", "getset-key"));
        assertNull(r.getSet("getset-key", "1"));
        assertEquals(1L, r.incr("key"));
        assertEquals(16L, r.incrBy("key", 15));
        assertEquals(16.5, r.incrByFloat("key", 0.5));
        assertThrows(JedisDataException.class, () -> r.decr("key"));
        r.set("key", "16");
        assertEquals(15L, r.decr("key"));
        assertEquals(0L, r.decrBy("key", 15));
        assertEquals(31L, r.append("new-string-key", "hello "));
        assertFalse(r.setbit("another-key", 2, true));
        assertTrue(r.getbit("another-key", 2));
        assertEquals(1L, r.bitcount("another-key", 0, 7));
        assertEquals(1L, r.bitop(BitOP.NOT, "bitop-key", "another-key"));
        assertEquals("\u00df", new String(r.get("bitop-key".getBytes()), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("OK", r.setex("setex-key", 5, "10"));
        assertEquals("OK", r.psetex("psetex-key", 5, "10"));
        assertEquals(0L, r.setnx("setex-key", "10"));
        assertEquals(1L, r.strlen("another-key"));
    }

    @Test
    void listCommandTable() {
        assertEquals(1L, r.rpush("list-key", "last"));
        assertEquals(0L, r.rpushx("list-key-1", "last"));
        assertEquals(2L, r.lpush("list-key", "frist"));
        assertEquals(0L, r.lpushx("list-key-1", "frist"));
        assertEquals("frist", r.lpop("list-key"));
        assertEquals(List.of("list-key", "last"), r.blpop(3, "list-key"));
        r.rpush("list-key", "a", "b");
        assertEquals("b", r.rpop("list-key"));
        assertEquals(List.of("list-key", "a"), r.brpop(3, "list-key"));
        r.rpush("s-list", "1", "2", "3");
        assertEquals("3", r.rpoplpush("s-list", "d-list"));
        assertEquals("2", r.brpoplpush("s-list", "d-list", 3));
        r.rpush("list-key", "x", "y", "z");
        assertEquals("x", r.lindex("list-key", 0));
        assertEquals(List.of("x", "y", "z"), r.lrange("list-key", 0, -1));
        assertEquals("OK", r.ltrim("list-key", 1, -1));
        assertEquals(List.of("y", "z"), r.lrange("list-key", 0, -1));
        assertEquals(3L, r.linsert("d-list", ListPosition.BEFORE, "2", "23"));
        assertEquals(3L, r.llen("d-list"));
        assertEquals(1L, r.lrem("d-list", 0, "3"));
        assertEquals("OK", r.lset("d-list", 0, "99"));
        assertEquals(List.of("99", "2"), r.lrange("d-list", 0, -1));
    }

    @Test
    void setCommandTable() {
        assertEquals(3L, r.sadd("set-key", "a", "b", "c"));
        assertEquals(1L, r.srem("set-key", "c", "d"));
        assertTrue(r.sismember("set-key", "a"));
        assertEquals(2L, r.scard("set-key"));
        assertEquals(Set.of("a", "b"), r.smembers("set-key"));
        assertTrue(Set.of("a", "b").containsAll(r.srandmember("set-key", 1)));
        String popped = r.spop("set-key");
        assertTrue(popped.equals("a") || popped.equals("b"));
        r.sadd("set-key", popped);
        assertEquals(1L, r.smove("set-key", "set-key2", "a"));
        r.sadd("set-key2", "b", "c", "d");
        r.sadd("set-key3", "c", "d", "e");
        assertEquals(Set.of("a", "b"), r.sdiff("set-key2", "set-key3"));
        assertEquals(2L, r.sdiffstore("set-dest-key", "set-key2", "set-key3"));
        assertEquals(Set.of("c", "d"), r.sinter("set-key2", "set-key3"));
        assertEquals(2L, r.sinterstore("set-dest-key1", "set-key2", "set-key3"));
        assertEquals(Set.of("a", "b", "c", "d", "e"), r.sunion("set-key2", "set-key3"));
        assertEquals(5L, r.sunionstore("set-dest-key2", "set-key2", "set-key3"));
        r.sadd("set-dest-key2", "4", "3", "5", "2", "6", "1");
        Set<String> scanned = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = r.sscan("set-dest-key2", cursor);
            scanned.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertEquals(Set.of("a", "b", "c", "d", "e", "1", "2", "3", "4", "5", "6"), scanned);
    }

    @Test
    void hashCommandTable() {
        assertNull(r.hget("hash-key", "k1"));
        assertEquals(Arrays.asList(null, null), r.hmget("hash-key", "k2", "k3"));
        assertEquals(Map.of(), r.hgetAll("hash-key"));
        assertEquals(1L, r.hset("hash-key", "k1", "v11"));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("k1", "v1");
        m.put("k2", "v2");
        m.put("k3", "v3");
        assertEquals("OK", r.hmset("hash-key", m));
        assertEquals(0L, r.hsetnx("hash-key", "k1", "v111"));
        assertEquals("v1", r.hget("hash-key", "k1"));
        assertEquals(2L, r.hdel("hash-key", "k2", "k3"));
        assertTrue(r.hexists("hash-key", "k1"));
        assertEquals(1L, r.hincrBy("hash-key", "int1", 1));
        assertEquals(5.4, r.hincrByFloat("hash-key", "int1", 4.4), 1e-9);
        assertEquals("5.4", r.hget("hash-key", "int1"));
        assertEquals(Set.of("k1", "int1"), r.hkeys("hash-key"));
        assertEquals(List.of("v1", "5.4"), r.hvals("hash-key"));
        assertEquals(2L, r.hlen("hash-key"));
        Map<String, String> seeded = new HashMap<>();
        seeded.put("k1", "v1");
        seeded.put("k2", "v2");
        seeded.put("k3", "v3");
        seeded.put("intk", "2");
        r.hmset("hash-key", seeded);
        ScanResult<Map.Entry<String, String>> page = r.hscan("hash-key", ScanParams.SCAN_POINTER_START);
        assertEquals(ScanParams.SCAN_POINTER_START, page.getCursor());
        Map<String, String> scanned = new HashMap<>();
        page.getResult().forEach(e -> scanned.put(e.getKey(), e.getValue()));
        seeded.put("int1", "5.4");
        assertEquals(seeded, scanned);
    }

    @Test
    void sortedSetCommandTable() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("a", 3.0);
        m.put("b", 2.0);
        m.put("c", 1.0);
        assertEquals(3L, r.zadd("zset-key", m));
        assertEquals(0L, r.zadd("zset-key", 3, "a"));
        assertEquals(0L, r.zrem("zset-key", "member0"));
        assertEquals(3L, r.zcard("zset-key"));
        assertEquals(5.0, r.zincrby("zset-key", 2, "a"));
        assertEquals(2L, r.zcount("zset-key", 0, 3));
        assertEquals(0L, r.zrank("zset-key", "c"));
        assertEquals(1.0, r.zscore("zset-key", "c"));
        assertEquals(List.of("c=1.0", "b=2.0", "a=5.0"), pairs(r.zrangeWithScores("zset-key", 0, 4)));
        assertEquals(2L, r.zrevrank("zset-key", "c"));
        assertEquals(List.of("a=5.0", "b=2.0", "c=1.0"), pairs(r.zrevrangeWithScores("zset-key", 0, 4)));
        assertEquals(List.of("b=2.0", "c=1.0"), pairs(r.zrevrangeByScoreWithScores("zset-key", 4, 0)));
        assertEquals(List.of("c=1.0", "b=2.0"), pairs(r.zrangeByScoreWithScores("zset-key", 0, 4)));
        assertEquals(3L, r.zremrangeByRank("zset-key", 0, 4));
        assertEquals(0L, r.zremrangeByScore("zset-key", 0, 4));
    }

    @Test
    void zinterstoreAndZunionstoreWithAggregate() {
        Map<String, Double> one = new LinkedHashMap<>();
        one.put("a", 1.0);
        one.put("b", 2.0);
        one.put("c", 3.0);
        Map<String, Double> two = new LinkedHashMap<>();
        two.put("b", 4.0);
        two.put("c", 1.0);
        two.put("d", 0.0);
        r.zadd("zset-key-1", one);
        r.zadd("zset-key-2", two);
        assertEquals(2L, r.zinterstore("zset-key-3", "zset-key-1", "zset-key-2"));
        assertEquals(List.of("c=4.0", "b=6.0"), pairs(r.zrangeWithScores("zset-key-3", 0, -1)));
        assertEquals(4L, r.zunionstore("zset-key-4", new ZParams().aggregate(ZParams.Aggregate.MIN),
                "zset-key-1", "zset-key-2"));
        assertEquals(List.of("d=0.0", "a=1.0", "c=1.0", "b=2.0"), pairs(r.zrangeWithScores("zset-key-4", 0, -1)));
        ScanResult<Tuple> page = r.zscan("zset-key-1", ScanParams.SCAN_POINTER_START);
        assertEquals(List.of("a=1.0", "b=2.0", "c=3.0"), pairs(page.getResult()));
    }

    @Test
    void expirationCommandTable() {
        r.set("key", "v");
        assertEquals(0L, r.persist("key"));
        assertEquals(-1L, r.ttl("key"));
        assertEquals(1L, r.expire("key", 2));
        assertTrue(r.pttl("key") > 0 && r.pttl("key") <= 2000);
        assertEquals(1L, r.pexpire("key", 2000));
        assertEquals(1L, r.persist("key"));
        String pythonTime = Double.toString(System.currentTimeMillis() / 1000.0);
        assertEquals("ERR value is not an integer or out of range", assertThrows(JedisDataException.class,
                () -> r.sendCommand(() -> "EXPIREAT".getBytes(), "key", pythonTime)).getMessage());
        assertEquals("ERR value is not an integer or out of range", assertThrows(JedisDataException.class,
                () -> r.sendCommand(() -> "PEXPIREAT".getBytes(), "key", pythonTime)).getMessage());
        assertEquals(1L, r.expireAt("key", System.currentTimeMillis() / 1000 - 1));
        assertFalse(r.exists("key"));
    }

    @Test
    void sortByHashFieldWithGet() {
        r.rpush("sort-input", "23", "15", "110", "7");
        assertEquals(List.of("7", "15", "23", "110"), r.sort("sort-input"));
        assertEquals(List.of("110", "15", "23", "7"), r.sort("sort-input", new SortingParams().alpha()));
        r.hset("d-7", "field", "5");
        r.hset("d-15", "field", "1");
        r.hset("d-23", "field", "9");
        r.hset("d-110", "field", "3");
        assertEquals(List.of("15", "110", "7", "23"), r.sort("sort-input", new SortingParams().by("d-*->field")));
        assertEquals(List.of("1", "3", "5", "9"),
                r.sort("sort-input", new SortingParams().by("d-*->field").get("d-*->field")));
    }

    // ------------------------------------------------------------------ article voting (002 "Hello Redis")

    private static final int ONE_WEEK_IN_SECONDS = 7 * 86400;
    private static final int VOTE_SCORE = 432;
    private static final int ARTICLES_PER_PAGE = 25;

    private static String postArticle(String user, String title, String link, long now) {
        String articleId = Long.toString(r.incr("article:"));
        String voted = "voted:" + articleId;
        r.sadd(voted, user);
        r.expire(voted, ONE_WEEK_IN_SECONDS);
        String article = "article:" + articleId;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("link", link);
        fields.put("poster", user);
        fields.put("time", Long.toString(now));
        fields.put("votes", "1");
        r.hmset(article, fields);
        r.zadd("score:", now + VOTE_SCORE, article);
        r.zadd("time:", now, article);
        return articleId;
    }

    private static void articleVote(String user, String article, long now) {
        long cutoff = now - ONE_WEEK_IN_SECONDS;
        Double postTime = r.zscore("time:", article);
        if (postTime == null || postTime < cutoff) {
            return;
        }
        String articleId = article.substring(article.indexOf(':') + 1);
        if (r.sadd("voted:" + articleId, user) == 1) {
            r.zincrby("score:", VOTE_SCORE, article);
            r.hincrBy(article, "votes", 1);
        }
    }

    private static List<Map<String, String>> getArticles(int page, String order) {
        int start = (page - 1) * ARTICLES_PER_PAGE;
        int end = start + ARTICLES_PER_PAGE - 1;
        List<Map<String, String>> articles = new ArrayList<>();
        for (String id : r.zrevrange(order, start, end)) {
            Map<String, String> data = new HashMap<>(r.hgetAll(id));
            data.put("id", id);
            articles.add(data);
        }
        return articles;
    }

    private static List<Map<String, String>> getGroupArticles(String group, int page, String order) {
        String key = order + group;
        if (!r.exists(key)) {
            r.zinterstore(key, new ZParams().aggregate(ZParams.Aggregate.MAX), "group:" + group, order);
            r.expire(key, 60);
        }
        return getArticles(page, key);
    }

    @Test
    void articleVoting() {
        long now = System.currentTimeMillis() / 1000;
        String first = postArticle("post_user", "a titil A", "www.parzulpan.cm", now - 10);
        String id = postArticle("post_user", "a titil B", "www.parzulpan.cm", now);
        assertEquals("2", id);
        articleVote("vote_user", "article:" + id, now);
        articleVote("vote_user1", "article:" + id, now);
        articleVote("vote_user2", "article:" + id, now);
        articleVote("vote_user2", "article:" + id, now);
        assertEquals(4, Integer.parseInt(r.hget("article:" + id, "votes")));
        assertEquals(now + VOTE_SCORE * 4.0, r.zscore("score:", "article:" + id));
        assertEquals(List.of(), getArticles(1, "socre:"), "the notes' default order key is misspelt");
        List<Map<String, String>> top = getArticles(1, "score:");
        assertEquals(List.of("article:2", "article:1"), top.stream().map(a -> a.get("id")).toList());
        assertEquals("4", top.get(0).get("votes"));
        r.sadd("group:new-group", "article:" + id);
        r.srem("group:other", "article:" + first);
        List<Map<String, String>> group = getGroupArticles("new-group", 1, "score:");
        assertEquals(1, group.size());
        assertEquals("a titil B", group.get(0).get("title"));
        assertEquals(now + VOTE_SCORE * 4.0, r.zscore("score:new-group", "article:" + id));
        long ttl = r.ttl("score:new-group");
        assertTrue(ttl > 0 && ttl <= 60);
        Set<String> toDelete = new HashSet<>();
        for (String pattern : List.of("time:*", "voted:*", "score:*", "article:*", "group:*")) {
            toDelete.addAll(r.keys(pattern));
        }
        assertEquals(toDelete.size(), r.del(toDelete.toArray(new String[0])));
        assertEquals(0L, r.dbSize());
    }

    // ------------------------------------------------------------------ web application (002, 004)

    private static void updateToken(String token, String user, String item, double timestamp) {
        r.hset("login:", token, user);
        r.zadd("recent:", timestamp, token);
        if (item != null) {
            r.zadd("viewed:" + token, timestamp, item);
            r.zremrangeByRank("viewed:" + token, 0, -26);
            r.zincrby("viewed:", -1, item);
        }
    }

    @Test
    void loginTokensRecentViewsAndSessionCleanup() {
        for (int i = 0; i < 30; i++) {
            updateToken("t1", "alice", "item" + i, 1000 + i);
        }
        updateToken("t2", "bob", "item29", 2000);
        updateToken("t3", "carol", null, 3000);
        assertEquals("alice", r.hget("login:", "t1"));
        assertEquals(25L, r.zcard("viewed:t1"));
        assertEquals(List.of("item5", "item6"), r.zrange("viewed:t1", 0, 1));
        assertEquals(List.of("item29", "item0"), r.zrange("viewed:", 0, 1));
        assertEquals(-2.0, r.zscore("viewed:", "item29"));
        long limit = 1;
        long size = r.zcard("recent:");
        long endIndex = Math.min(size - limit, 100);
        List<String> tokens = r.zrange("recent:", 0, endIndex - 1);
        assertEquals(List.of("t1", "t2"), tokens);
        List<String> sessionKeys = new ArrayList<>();
        for (String token : tokens) {
            sessionKeys.add("viewed:" + token);
            sessionKeys.add("cart:" + token);
        }
        r.hset("cart:t1", "itemX", "3");
        assertEquals(3L, r.del(sessionKeys.toArray(new String[0])));
        assertEquals(2L, r.hdel("login:", tokens.toArray(new String[0])));
        assertEquals(2L, r.zrem("recent:", tokens.toArray(new String[0])));
        assertEquals(Map.of("t3", "carol"), r.hgetAll("login:"));
    }

    private static void addToCart(String session, String item, int count) {
        if (count <= 0) {
            r.hdel("cart:" + session, item);
        } else {
            r.hset("cart:" + session, item, Integer.toString(count));
        }
    }

    @Test
    void shoppingCartHash() {
        addToCart("s1", "itemA", 2);
        addToCart("s1", "itemB", 1);
        addToCart("s1", "itemA", 5);
        assertEquals(Map.of("itemA", "5", "itemB", "1"), r.hgetAll("cart:s1"));
        assertEquals(6L, r.hincrBy("cart:s1", "itemB", 5));
        addToCart("s1", "itemA", 0);
        addToCart("s1", "itemB", -1);
        assertFalse(r.exists("cart:s1"));
    }

    @Test
    void pageCacheWithSetex() {
        String pageKey = "cache:" + "GET /item/42".hashCode();
        assertNull(r.get(pageKey));
        String content = "<html>item 42</html>";
        assertEquals("OK", r.setex(pageKey, 300, content));
        assertEquals(content, r.get(pageKey));
        long ttl = r.ttl(pageKey);
        assertTrue(ttl > 295 && ttl <= 300);
    }

    @Test
    void rowCacheScheduling() {
        double now = System.currentTimeMillis() / 1000.0;
        r.zadd("delay:", 5, "row1");
        r.zadd("schedule:", now, "row1");
        r.zadd("delay:", 0, "row2");
        r.zadd("schedule:", now - 1, "row2");
        for (int round = 0; round < 2; round++) {
            List<Tuple> next = r.zrangeWithScores("schedule:", 0, 0);
            assertFalse(next.isEmpty());
            String rowId = next.get(0).getElement();
            Double delay = r.zscore("delay:", rowId);
            if (delay <= 0) {
                r.zrem("delay:", rowId);
                r.zrem("schedule:", rowId);
                r.del("inv:" + rowId);
                continue;
            }
            r.zadd("schedule:", now + delay, rowId);
            r.set("inv:" + rowId, "{\"id\": \"" + rowId + "\"}");
        }
        assertEquals(List.of("row1"), r.zrange("schedule:", 0, -1));
        assertEquals(now + 5, r.zscore("schedule:", "row1"), 1e-3);
        assertEquals("{\"id\": \"row1\"}", r.get("inv:row1"));
        assertFalse(r.exists("inv:row2"));
    }

    @Test
    void rescaleViewedAndCanCache() {
        for (int i = 0; i < 10; i++) {
            for (int v = 0; v <= i; v++) {
                r.zincrby("viewed:", -1, "item" + i);
            }
        }
        assertEquals(0L, r.zremrangeByRank("viewed:", 0, -20001));
        assertEquals(10L, r.zinterstore("viewed:", new ZParams().weights(0.5), "viewed:"));
        assertEquals(-5.0, r.zscore("viewed:", "item9"));
        assertEquals(-0.5, r.zscore("viewed:", "item0"));
        Long rank = r.zrank("viewed:", "item9");
        assertTrue(rank != null && rank < 10000);
        assertNull(r.zrank("viewed:", "item99"));
    }

    /** The "no transaction" example: three threads INCR then, later, INCRBY -1; they print 1 2 3 between them. */
    @Test
    void concurrentIncrWithoutTransaction() throws Exception {
        List<Long> printed = new ArrayList<>();
        CountDownLatch allIncremented = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try (Jedis c = client()) {
                    long v = c.incr("notrans:");
                    synchronized (printed) {
                        printed.add(v);
                    }
                    allIncremented.countDown();
                    allIncremented.await();
                    c.incrBy("notrans:", -1);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        printed.sort(Long::compare);
        assertEquals(List.of(1L, 2L, 3L), printed);
        assertEquals("0", r.get("notrans:"));
    }

    /** process_logs: progress is read with MGET and written with MSET through a (non-transactional) pipeline. */
    @Test
    void logProgressWithPipeline() {
        assertEquals(Arrays.asList(null, null), r.mget("progress:file", "progress:position"));
        Pipeline pipe = r.pipelined();
        Response<String> first = pipe.mset("progress:file", "log-001.txt", "progress:position", "1000");
        Response<Long> counter = pipe.incrBy("lines:processed", 1000);
        Response<String> second = pipe.mset("progress:file", "log-002.txt", "progress:position", "42");
        pipe.sync();
        assertEquals("OK", first.get());
        assertEquals(1000L, counter.get());
        assertEquals("OK", second.get());
        assertEquals(List.of("log-002.txt", "42"), r.mget("progress:file", "progress:position"));
    }

    /** wait_for_sync's bookkeeping on the master side: a ZSET of identifiers scored by time. */
    @Test
    void syncWaitIdentifiers() {
        double now = System.currentTimeMillis() / 1000.0;
        r.zadd("sync:wait", now, "id-new");
        r.zadd("sync:wait", now - 1000, "id-old");
        assertEquals(now, r.zscore("sync:wait", "id-new"), 1e-3);
        assertEquals(1L, r.zrem("sync:wait", "id-new"));
        assertEquals(1L, r.zremrangeByScore("sync:wait", 0, now - 900));
        assertEquals(0L, r.zcard("sync:wait"));
    }

    private static List<String> pairs(List<Tuple> tuples) {
        List<String> out = new ArrayList<>();
        for (Tuple t : tuples) {
            out.add(t.getElement() + "=" + t.getScore());
        }
        return out;
    }

    @Test
    void countersAreAtomicAcrossClients() throws Exception {
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try (Jedis c = client()) {
                    for (int k = 0; k < 250; k++) {
                        c.incr("ceros");
                    }
                    done.incrementAndGet();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4, done.get());
        assertEquals("1000", r.get("ceros"));
    }
}
