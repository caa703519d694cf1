package io.redjay.persistence;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.RedjayTap;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MIGRATE between Redjay and a real Redis in both directions: keys arrive with their values and TTLs, leave the source
 * unless COPY, and go out to replicas as a DEL of the moved keys; the target's errors and a missing key answer as
 * Redis's.
 */
class MigrateTest {
    @Test
    void redjayToRedisAndBack() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis r = RealRedis.start(); TestServer s = TestServer.start();
             RawClient redis = new RawClient(r.port()); RawClient redjay = new RawClient(s.port());
             RedjayTap tap = RedjayTap.attach(s)) {
            redjay.call("HSET", "h", "a", "1");
            redjay.call("SET", "k", "v", "EX", "1000");
            redjay.call("RPUSH", "l", "x", "y");
            String hd = redjay.call("DEBUG", "DIGEST-VALUE", "h");
            String port = Integer.toString(r.port());
            assertEquals("+OK\r\n", redjay.call("MIGRATE", "127.0.0.1", port, "h", "0", "5000"));
            assertEquals(":0\r\n", redjay.call("EXISTS", "h"));
            assertEquals(hd, redis.call("DEBUG", "DIGEST-VALUE", "h"));
            assertEquals("+OK\r\n", redjay.call("MIGRATE", "127.0.0.1", port, "", "3", "5000", "COPY", "KEYS", "k",
                    "l", "missing"));
            assertEquals(":2\r\n", redjay.call("EXISTS", "k", "l"), "COPY keeps the source keys");
            redis.call("SELECT", "3");
            assertTrue(Long.parseLong(redis.call("TTL", "k").substring(1).trim()) > 900);
            assertEquals("+NOKEY\r\n", redjay.call("MIGRATE", "127.0.0.1", port, "nothing", "0", "5000"));
            String busy = redjay.call("MIGRATE", "127.0.0.1", port, "", "3", "5000", "KEYS", "k");
            assertEquals("-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n", busy);
            assertEquals("+OK\r\n", redjay.call("MIGRATE", "127.0.0.1", port, "", "3", "5000", "REPLACE", "KEYS",
                    "k", "l"));
            List<String> stream = tap.take();
            assertTrue(stream.contains("DEL h") && stream.contains("DEL k l"), stream.toString());
            assertEquals("+OK\r\n", redis.call("MIGRATE", "127.0.0.1", Integer.toString(s.port()), "l", "0", "5000"));
            assertEquals("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", redjay.call("LRANGE", "l", "0", "-1"));
            assertTrue(redjay.call("MIGRATE", "127.0.0.1", "1", "l", "0", "100").startsWith("-IOERR"));
        }
    }
}
