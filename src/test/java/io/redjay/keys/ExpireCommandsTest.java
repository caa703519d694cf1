package io.redjay.keys;

import io.redjay.keyspace.Events;
import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** EXPIRE family, TTL family and PERSIST, driven by a manual clock; replies checked against Redis 7.0.15. */
class ExpireCommandsTest {
    private static final String G = Events.GENERIC + ":";

    @Test
    void relativeAndAbsoluteFormsAgree() throws Exception {
        ManualClock clock = new ManualClock();
        long now = clock.millis();
        try (TestServer s = TestServer.start(clock); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            assertEquals(":1\r\n", c.call("EXPIRE", "k", "100"));
            assertEquals(":100\r\n", c.call("TTL", "k"));
            assertEquals(":100000\r\n", c.call("PTTL", "k"));
            assertEquals(":" + (now + 100_000) + "\r\n", c.call("PEXPIRETIME", "k"));
            assertEquals(":" + (now / 1000 + 100) + "\r\n", c.call("EXPIRETIME", "k"));
            assertEquals(":1\r\n", c.call("PEXPIRE", "k", "1500"));
            assertEquals(":2\r\n", c.call("TTL", "k"));
            clock.advance(1001);
            assertEquals(":0\r\n", c.call("TTL", "k"));
            assertEquals(":499\r\n", c.call("PTTL", "k"));
            assertEquals(":1\r\n", c.call("EXPIREAT", "k", Long.toString(now / 1000 + 50)));
            assertEquals(":" + (now / 1000 + 50) * 1000 + "\r\n", c.call("PEXPIRETIME", "k"));
            assertEquals(":1\r\n", c.call("PEXPIREAT", "k", "4102444800499"));
            assertEquals(":4102444800\r\n", c.call("EXPIRETIME", "k"));
            assertEquals(":1\r\n", c.call("PEXPIREAT", "k", "4102444800500"));
            assertEquals(":4102444801\r\n", c.call("EXPIRETIME", "k"));
            assertEquals(":-2\r\n", c.call("TTL", "nokey"));
            assertEquals(":-2\r\n", c.call("PTTL", "nokey"));
            assertEquals(":-2\r\n", c.call("EXPIRETIME", "nokey"));
            assertEquals(":-2\r\n", c.call("PEXPIRETIME", "nokey"));
            c.call("SET", "p", "v");
            assertEquals(":-1\r\n", c.call("TTL", "p"));
            assertEquals(":-1\r\n", c.call("PEXPIRETIME", "p"));
            assertEquals(":0\r\n", c.call("EXPIRE", "nokey", "10"));
        }
    }

    @Test
    void keyExpiresWhenTheClockPassesItsTime() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            c.call("PEXPIRE", "k", "100");
            clock.advance(99);
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
            clock.advance(1);
            assertEquals("$-1\r\n", c.call("GET", "k"));
            assertEquals(":-2\r\n", c.call("TTL", "k"));
        }
    }

    @Test
    void conditionalOptions() throws Exception {
        try (TestServer s = TestServer.start(new ManualClock()); RawClient c = new RawClient(s.port())) {
            c.call("SET", "b", "v");
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "100", "XX"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "100", "GT"));
            assertEquals(":1\r\n", c.call("EXPIRE", "b", "100", "LT"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "200", "NX"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "50", "gt"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "300", "lt"));
            assertEquals(":1\r\n", c.call("EXPIRE", "b", "300", "gt"));
            assertEquals(":300\r\n", c.call("TTL", "b"));
            assertEquals(":1\r\n", c.call("EXPIRE", "b", "100", "xx", "lt"));
            assertEquals(":100\r\n", c.call("TTL", "b"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "100", "xx", "gt"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "10", "nx", "nx"));
            c.call("PERSIST", "b");
            assertEquals(":1\r\n", c.call("EXPIRE", "b", "-5", "LT"));
            assertEquals(":0\r\n", c.call("EXISTS", "b"));
            c.call("SET", "b", "v");
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "-5", "GT"));
            assertEquals(":0\r\n", c.call("EXPIRE", "b", "-5", "XX"));
            assertEquals(":1\r\n", c.call("EXPIRE", "b", "-5", "NX"));
            assertEquals(":0\r\n", c.call("EXISTS", "b"));
        }
    }

    @Test
    void errors() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "b", "v");
            String nxxx = "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n";
            assertEquals(nxxx, c.call("EXPIRE", "b", "100", "NX", "XX"));
            assertEquals(nxxx, c.call("EXPIRE", "b", "100", "nx", "gt"));
            assertEquals(nxxx, c.call("PEXPIRE", "b", "100", "NX", "LT"));
            assertEquals(nxxx, c.call("EXPIRE", "b", "abc", "NX", "XX"));
            assertEquals("-ERR GT and LT options at the same time are not compatible\r\n",
                    c.call("EXPIREAT", "b", "100", "GT", "LT"));
            assertEquals("-ERR Unsupported option foo\r\n", c.call("EXPIRE", "b", "100", "foo"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("EXPIRE", "b", "abc"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("EXPIRE", "b", "1.5"));
            assertEquals("-ERR invalid expire time in 'expire' command\r\n",
                    c.call("EXPIRE", "b", "9223372036854775807"));
            assertEquals("-ERR invalid expire time in 'expire' command\r\n",
                    c.call("EXPIRE", "b", "9223372036854776"));
            assertEquals("-ERR invalid expire time in 'expire' command\r\n",
                    c.call("EXPIRE", "b", "-9223372036854775808"));
            assertEquals("-ERR invalid expire time in 'pexpire' command\r\n",
                    c.call("PEXPIRE", "b", "9223372036854775807"));
            assertEquals("-ERR invalid expire time in 'expireat' command\r\n",
                    c.call("EXPIREAT", "b", "9223372036854775807"));
            assertEquals(":1\r\n", c.call("PEXPIREAT", "b", "9223372036854775807"));
            assertEquals(":9223372036854775807\r\n", c.call("PEXPIRETIME", "b"));
            assertEquals(":1\r\n", c.call("PEXPIRE", "b", "-9223372036854775808"));
            assertEquals(":0\r\n", c.call("EXISTS", "b"));
            assertEquals("-ERR wrong number of arguments for 'expire' command\r\n", c.call("EXPIRE", "b"));
            assertEquals("-ERR wrong number of arguments for 'ttl' command\r\n", c.call("TTL"));
        }
    }

    @Test
    void pastTimesDeleteWithDelEventAndPersistRemovesTtl() throws Exception {
        try (TestServer s = TestServer.start(new ManualClock()); RawClient c = new RawClient(s.port())) {
            EventRecorder ev = new EventRecorder();
            s.server().keyspace().listener(ev);
            c.call("SET", "k", "v");
            assertEquals(":1\r\n", c.call("EXPIRE", "k", "10"));
            assertEquals(":1\r\n", c.call("PERSIST", "k"));
            assertEquals(":0\r\n", c.call("PERSIST", "k"));
            assertEquals(":0\r\n", c.call("PERSIST", "nokey"));
            assertEquals(":-1\r\n", c.call("TTL", "k"));
            assertEquals(":1\r\n", c.call("PEXPIREAT", "k", "1"));
            assertEquals(":0\r\n", c.call("EXISTS", "k"));
            c.call("SET", "j", "v");
            assertEquals(":1\r\n", c.call("PEXPIRE", "j", "0"));
            assertEquals(List.of("0:8:set:k", "0:" + G + "expire:k", "0:" + G + "persist:k", "0:" + G + "del:k",
                    "0:8:set:j", "0:" + G + "del:j"), ev.drain());
        }
    }
}
