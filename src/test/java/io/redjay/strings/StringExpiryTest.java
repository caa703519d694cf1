package io.redjay.strings;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** TTLs set by SET, SETEX, PSETEX and GETEX, checked against an injected clock instead of sleeping. */
class StringExpiryTest {
    private ManualClock clock;
    private TestServer server;
    private RawClient c;
    private long t0;

    @BeforeEach
    void start() throws Exception {
        clock = new ManualClock();
        server = TestServer.start(clock, "--hz", "1");
        c = new RawClient(server.port());
        t0 = clock.millis();
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    private long expireAt(String key) throws Exception {
        return StringsSupport.expireAt(server, key);
    }

    @Test
    void setWithRelativeExpiry() throws Exception {
        assertEquals("+OK\r\n", c.call("SET", "k", "v", "EX", "10"));
        assertEquals(t0 + 10_000, expireAt("k"));
        assertEquals("+OK\r\n", c.call("SET", "k", "v", "PX", "1500"));
        assertEquals(t0 + 1500, expireAt("k"));
        clock.advance(1499);
        assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
        clock.advance(1);
        assertEquals("$-1\r\n", c.call("GET", "k"));
    }

    @Test
    void setWithAbsoluteExpiry() throws Exception {
        long at = t0 + 5000;
        c.call("SET", "k", "v", "PXAT", String.valueOf(at));
        assertEquals(at, expireAt("k"));
        c.call("SET", "k", "v", "EXAT", String.valueOf(at / 1000 + 7));
        assertEquals((at / 1000 + 7) * 1000, expireAt("k"));
        c.call("SET", "k", "v", "PXAT", String.valueOf(t0 - 1));
        assertEquals("$-1\r\n", c.call("GET", "k"));
    }

    @Test
    void plainSetClearsTtlUnlessKeepttl() throws Exception {
        c.call("SET", "k", "v", "EX", "100");
        c.call("SET", "k", "w", "KEEPTTL");
        assertEquals(t0 + 100_000, expireAt("k"));
        c.call("SET", "k", "x");
        assertEquals(-1, expireAt("k"));
        c.call("SET", "k", "v", "EX", "100");
        c.call("GETSET", "k", "y");
        assertEquals(-1, expireAt("k"));
    }

    @Test
    void setexAndPsetex() throws Exception {
        assertEquals("+OK\r\n", c.call("SETEX", "k", "3", "v"));
        assertEquals(t0 + 3000, expireAt("k"));
        assertEquals("+OK\r\n", c.call("PSETEX", "p", "250", "v"));
        assertEquals(t0 + 250, expireAt("p"));
        clock.advance(250);
        assertEquals("$-1\r\n", c.call("GET", "p"));
        assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
    }

    @Test
    void modificationsKeepTheTtl() throws Exception {
        c.call("SET", "k", "1", "EX", "100");
        c.call("INCR", "k");
        c.call("INCRBYFLOAT", "k", "0.5");
        c.call("APPEND", "k", "0");
        c.call("SETRANGE", "k", "0", "3");
        assertEquals("$4\r\n3.50\r\n", c.call("GET", "k"));
        assertEquals(t0 + 100_000, expireAt("k"));
    }

    @Test
    void getexChangesTtl() throws Exception {
        c.call("SET", "k", "v");
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "k", "EX", "20"));
        assertEquals(t0 + 20_000, expireAt("k"));
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "k", "PX", "30"));
        assertEquals(t0 + 30, expireAt("k"));
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "k"));
        assertEquals(t0 + 30, expireAt("k"));
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "k", "PERSIST"));
        assertEquals(-1, expireAt("k"));
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "k", "EXAT", String.valueOf(t0 / 1000 + 60)));
        assertEquals((t0 / 1000 + 60) * 1000, expireAt("k"));
    }

    @Test
    void getexWithPastTimestampDeletesTheKey() throws Exception {
        c.call("SET", "k", "v");
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "k", "PXAT", String.valueOf(t0)));
        assertFalse(StringsSupport.exists(server, "k"));
        assertEquals(-2, expireAt("k"));
    }

    @Test
    void relativeExpiryOverflowIsRejected() throws Exception {
        assertEquals("-ERR invalid expire time in 'set' command\r\n",
                c.call("SET", "k", "v", "PX", String.valueOf(Long.MAX_VALUE - t0 + 1)));
        assertEquals("+OK\r\n", c.call("SET", "k", "v", "PX", String.valueOf(Long.MAX_VALUE - t0)));
        assertEquals(Long.MAX_VALUE, expireAt("k"));
    }
}
