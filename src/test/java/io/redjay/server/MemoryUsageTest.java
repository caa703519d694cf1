package io.redjay.server;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MEMORY USAGE is the key's charge in the server's memory accounting: each key's figure is exactly what adding it
 * alone grows {@code used_memory_dataset} by, the figures of all keys add up to it, changes to a value move both
 * alike, and SAMPLES is validated as Redis validates it without changing the figure. Like Redis, the command reads
 * the table as it is: it leaves the access clock alone and reports a key that has expired but not been reclaimed.
 */
class MemoryUsageTest {
    /** A key built by some commands, and the encoding they must have produced (so every encoding is covered). */
    private record Sample(String key, String encoding, List<String[]> build) {
    }

    private static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("str:int", "int", List.<String[]>of(new String[] {"SET", "str:int", "1234567"})));
        s.add(new Sample("str:short", "embstr", List.<String[]>of(new String[] {"SET", "str:short", "hello"})));
        s.add(new Sample("str:long", "raw", List.<String[]>of(new String[] {"SET", "str:long", "x".repeat(1000)})));
        s.add(new Sample("str:ttl", "embstr",
                List.<String[]>of(new String[] {"SET", "str:ttl", "hello", "EX", "100000"})));
        s.add(new Sample("list:small", "listpack", List.<String[]>of(new String[] {"RPUSH", "list:small", "a", "b"})));
        s.add(new Sample("list:big", "quicklist", List.<String[]>of(command("RPUSH", "list:big", 100, "e", 100))));
        s.add(new Sample("set:int", "intset", List.<String[]>of(new String[] {"SADD", "set:int", "1", "2", "70000"})));
        s.add(new Sample("set:small", "listpack", List.<String[]>of(new String[] {"SADD", "set:small", "a", "b"})));
        s.add(new Sample("set:big", "hashtable", List.<String[]>of(command("SADD", "set:big", 300, "m", 8))));
        s.add(new Sample("hash:small", "listpack",
                List.<String[]>of(new String[] {"HSET", "hash:small", "f1", "v1", "f2", "v2"})));
        s.add(new Sample("hash:big", "hashtable", List.<String[]>of(command("HSET", "hash:big", 600, "f", 8))));
        s.add(new Sample("hash:ttl", "listpack", List.of(new String[] {"HSET", "hash:ttl", "f", "v"},
                new String[] {"EXPIRE", "hash:ttl", "100000"})));
        s.add(new Sample("zset:small", "listpack",
                List.<String[]>of(new String[] {"ZADD", "zset:small", "1", "a", "2.5", "b"})));
        s.add(new Sample("zset:big", "skiplist", List.<String[]>of(command("ZADD", "zset:big", 300, "z", 8))));
        return s;
    }

    /**
     * {@code name key} followed by {@code n} distinct elements (each, for ZADD, preceded by a score and, for HSET,
     * followed by a value), each about {@code width} bytes long.
     */
    private static String[] command(String name, String key, int n, String prefix, int width) {
        List<String> args = new ArrayList<>(List.of(name, key));
        for (int i = 0; i < n; i++) {
            String element = prefix + String.format("%0" + width + "d", i);
            if (name.equals("ZADD")) {
                args.add(Integer.toString(i));
            }
            args.add(element);
            if (name.equals("HSET")) {
                args.add("value-" + i);
            }
        }
        return args.toArray(new String[0]);
    }

    private static long info(RawClient c, String field) throws IOException {
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(c.call("INFO", "memory", "stats"));
        assertTrue(m.find(), field);
        return Long.parseLong(m.group(1));
    }

    private static long integer(String reply) {
        assertTrue(reply.startsWith(":"), reply);
        return Long.parseLong(reply.substring(1).trim());
    }

    private static long usage(RawClient c, String key) throws IOException {
        return integer(c.call("MEMORY", "USAGE", key));
    }

    private static void run(RawClient c, String... cmd) throws IOException {
        String reply = c.call(cmd);
        assertTrue(!reply.startsWith("-"), String.join(" ", cmd) + " -> " + reply);
    }

    private static void build(RawClient c, Sample s) throws IOException {
        for (String[] cmd : s.build()) {
            run(c, cmd);
        }
        assertEquals("$" + s.encoding().length() + "\r\n" + s.encoding() + "\r\n",
                c.call("OBJECT", "ENCODING", s.key()), s.key());
    }

    @Test
    void eachKeyReportsWhatAddingItAloneAddsToTheDataset() throws Exception {
        try (TestServer server = TestServer.start(); RawClient c = new RawClient(server.port())) {
            for (Sample s : samples()) {
                long before = info(c, "used_memory_dataset");
                build(c, s);
                long growth = info(c, "used_memory_dataset") - before;
                long usage = usage(c, s.key());
                assertEquals(growth, usage, s.key());
                assertTrue(usage > s.key().length(), s.key() + ": " + usage);
            }
            assertTrue(usage(c, "str:long") > 1000, "the value's bytes are counted");
            assertTrue(usage(c, "str:ttl") > usage(c, "str:short"), "a TTL costs its expires node");
        }
    }

    @Test
    void theKeysFiguresAddUpToTheDatasetAsValuesChange() throws Exception {
        try (TestServer server = TestServer.start(); RawClient c = new RawClient(server.port())) {
            List<Sample> all = samples();
            for (int i = 0; i < all.size(); i++) {
                c.call("SELECT", Integer.toString(i % 2));
                build(c, all.get(i));
            }
            assertEquals(info(c, "used_memory_dataset"), sumOfUsage(c, all));

            c.call("SELECT", "1");
            long before = usage(c, "hash:small");
            long dataset = info(c, "used_memory_dataset");
            run(c, command("HSET", "hash:small", 20, "more", 4));
            assertTrue(usage(c, "hash:small") > before);
            assertEquals(info(c, "used_memory_dataset") - dataset, usage(c, "hash:small") - before,
                    "a value that grows grows its key's figure and the dataset alike");

            run(c, "APPEND", "str:short", "x".repeat(500));
            run(c, "LTRIM", "list:big", "0", "9");
            run(c, "PERSIST", "hash:ttl");
            run(c, "ZREM", "zset:big", "z00000000", "z00000001");
            c.call("SELECT", "0");
            run(c, "DEL", "str:int");
            run(c, "HDEL", "hash:big", "f00000000");
            run(c, "SPOP", "set:big", "10");
            assertEquals(info(c, "used_memory_dataset"), sumOfUsage(c, all));
        }
    }

    private static long sumOfUsage(RawClient c, List<Sample> all) throws IOException {
        long sum = 0;
        for (int db = 0; db < 2; db++) {
            c.call("SELECT", Integer.toString(db));
            for (Sample s : all) {
                String reply = c.call("MEMORY", "USAGE", s.key());
                if (!reply.equals("$-1\r\n")) {
                    sum += integer(reply);
                }
            }
        }
        c.call("SELECT", "0");
        return sum;
    }

    @Test
    void samplesDoNotChangeTheFigure() throws Exception {
        try (TestServer server = TestServer.start(); RawClient c = new RawClient(server.port())) {
            run(c, command("HSET", "h", 600, "f", 8));
            String figure = c.call("MEMORY", "USAGE", "h");
            assertEquals(figure, c.call("MEMORY", "USAGE", "h", "SAMPLES", "0"));
            assertEquals(figure, c.call("MEMORY", "USAGE", "h", "SAMPLES", "1"));
            assertEquals(figure, c.call("MEMORY", "USAGE", "h", "samples", "3", "SAMPLES", "9223372036854775807"));
        }
    }

    @Test
    void usageNeitherTouchesNorExpiresNorCountsTheKey() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.start(clock); RawClient c = new RawClient(server.port())) {
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            c.call("SET", "k", "v");
            c.call("SET", "short", "v", "PX", "100");
            long figure = usage(c, "short");
            clock.advance(20_000);
            long hits = info(c, "keyspace_hits");
            long misses = info(c, "keyspace_misses");
            usage(c, "k");
            assertEquals(figure, usage(c, "short"), "expired but not reclaimed: still there for USAGE");
            assertEquals("$-1\r\n", c.call("MEMORY", "USAGE", "missing"));
            assertEquals(hits, info(c, "keyspace_hits"));
            assertEquals(misses, info(c, "keyspace_misses"));
            assertEquals(":20\r\n", c.call("OBJECT", "IDLETIME", "k"));
            assertEquals(":0\r\n", c.call("EXISTS", "short"));
            assertEquals("$-1\r\n", c.call("MEMORY", "USAGE", "short"));
        }
    }

    @Test
    void argumentErrorsAreRedisOwn() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        List<String[]> cases = new ArrayList<>();
        for (String key : List.of("k", "missing")) {
            for (String[] tail : List.of(new String[] {}, new String[] {"SAMPLES", "0"},
                    new String[] {"SAMPLES", "7", "samples", "2"}, new String[] {"SAMPLES", "x"},
                    new String[] {"SAMPLES", "-1"}, new String[] {"SAMPLES", "-0"}, new String[] {"SAMPLES", ""},
                    new String[] {"SAMPLES", " 1"}, new String[] {"SAMPLES", "1.5"},
                    new String[] {"SAMPLES", "-9223372036854775808"}, new String[] {"SAMPLES", "9223372036854775808"},
                    new String[] {"SAMPLES"}, new String[] {"bar"}, new String[] {"SAMPLES", "1", "bar"},
                    new String[] {"SAMPLES", "x", "bar"}, new String[] {"bar", "SAMPLES", "x"})) {
                List<String> cmd = new ArrayList<>(List.of("MEMORY", "USAGE", key));
                cmd.addAll(List.of(tail));
                cases.add(cmd.toArray(new String[0]));
            }
        }
        cases.add(new String[] {"MEMORY", "USAGE"});
        try (RealRedis redis = RealRedis.start(); TestServer redjay = TestServer.start();
             RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redjay.port())) {
            a.call("SET", "k", "v");
            b.call("SET", "k", "v");
            StringBuilder expected = new StringBuilder();
            StringBuilder actual = new StringBuilder();
            for (String[] cmd : cases) {
                String line = String.join(" ", cmd) + " -> ";
                expected.append(line).append(figureless(a.call(cmd))).append('\n');
                actual.append(line).append(figureless(b.call(cmd))).append('\n');
            }
            assertEquals(expected.toString(), actual.toString());
        }
    }

    /** An integer reply as its type alone: the figures of the two servers are not meant to agree. */
    private static String figureless(String reply) {
        return reply.startsWith(":") ? ":<bytes>" : reply;
    }
}
