package io.redjay.introspection;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientCommandsTest {
    private static final String LINE = "id=\\d+ addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:\\d+ fd=\\d+ name=\\S* "
            + "age=\\d+ idle=\\d+ flags=N db=\\d+ sub=0 psub=0 ssub=0 multi=-1 qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ "
            + "multi-mem=0 rbs=\\d+ rbp=\\d+ obl=0 oll=0 omem=0 tot-mem=\\d+ events=r cmd=\\S+ user=default redir=-1 "
            + "resp=[23]\n";

    private static String bulk(String raw) {
        int start = raw.indexOf("\r\n") + 2;
        return raw.substring(start, raw.length() - 2);
    }

    @Test
    void idNameAndInfo() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String id = c.call("CLIENT", "ID");
            assertTrue(id.matches(":\\d+\r\n"));
            assertEquals("$-1\r\n", c.call("CLIENT", "GETNAME"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    c.call("CLIENT", "SETNAME", "a b"));
            assertEquals("+OK\r\n", c.call("CLIENT", "SETNAME", "worker-1"));
            assertEquals("$8\r\nworker-1\r\n", c.call("CLIENT", "GETNAME"));
            String info = bulk(c.call("CLIENT", "INFO"));
            assertTrue(info.matches(LINE), info);
            assertTrue(info.startsWith("id=" + id.substring(1, id.length() - 2) + " "));
            assertTrue(info.contains(" name=worker-1 ") && info.contains(" qbuf=26 ") && info.contains(" argv-mem=10 ")
                    && info.contains(" cmd=client|info "), info);
            assertEquals("+OK\r\n", c.call("CLIENT", "SETNAME", ""));
            assertEquals("$-1\r\n", c.call("CLIENT", "GETNAME"));
        }
    }

    @Test
    void listShowsEveryClientWithLastCommand() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port());
             RawClient other = new RawClient(s.port())) {
            other.call("SELECT", "5");
            String list = bulk(c.call("CLIENT", "LIST"));
            String[] lines = list.split("(?<=\n)");
            assertEquals(2, lines.length, list);
            for (String l : lines) {
                assertTrue(l.matches(LINE), l);
            }
            assertTrue(list.contains(" db=5 ") && list.contains(" cmd=select ") && list.contains(" cmd=client|list "));
            String otherId = bulk(other.call("CLIENT", "INFO")).split(" ")[0];
            String byId = bulk(c.call("CLIENT", "LIST", "ID", otherId.substring(3), "999999"));
            assertTrue(byId.startsWith(otherId + " ") && byId.split("\n").length == 1, byId);
            assertEquals(2, bulk(c.call("CLIENT", "LIST", "TYPE", "normal")).split("\n").length);
            assertEquals("$0\r\n\r\n", c.call("CLIENT", "LIST", "TYPE", "pubsub"));
            assertEquals("-ERR Unknown client type 'x'\r\n", c.call("CLIENT", "LIST", "TYPE", "x"));
            assertEquals("-ERR Invalid client ID\r\n", c.call("CLIENT", "LIST", "ID", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("CLIENT", "LIST", "x"));
        }
    }

    @Test
    void killByAddressIdAndFilters() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port());
             RawClient a = new RawClient(s.port()); RawClient b = new RawClient(s.port())) {
            a.call("PING");
            b.call("PING");
            String aAddr = bulk(a.call("CLIENT", "INFO")).split(" ")[1].substring(5);
            String bId = bulk(b.call("CLIENT", "INFO")).split(" ")[0].substring(3);
            assertEquals("-ERR No such client\r\n", c.call("CLIENT", "KILL", "1.2.3.4:5"));
            assertEquals("+OK\r\n", c.call("CLIENT", "KILL", aAddr));
            assertTrue(a.closedByServer());
            assertEquals(":1\r\n", c.call("CLIENT", "KILL", "ID", bId));
            assertTrue(b.closedByServer());
            assertEquals(":0\r\n", c.call("CLIENT", "KILL", "ID", bId));
            assertEquals(":0\r\n", c.call("CLIENT", "KILL", "USER", "default"), "SKIPME defaults to yes");
            assertEquals("-ERR client-id should be greater than 0\r\n", c.call("CLIENT", "KILL", "ID", "0"));
            assertEquals("-ERR Unknown client type 'x'\r\n", c.call("CLIENT", "KILL", "TYPE", "x"));
            assertEquals("-ERR No such user 'x'\r\n", c.call("CLIENT", "KILL", "USER", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("CLIENT", "KILL", "SKIPME", "maybe"));
            assertEquals("-ERR syntax error\r\n", c.call("CLIENT", "KILL", "ID", "1", "extra"));
            assertEquals("-ERR wrong number of arguments for 'client|kill' command\r\n", c.call("CLIENT", "KILL"));
            assertEquals(":1\r\n", c.call("CLIENT", "KILL", "SKIPME", "no"), "a client may kill itself");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void killSkipmeYesCountsTheOthers() throws Exception {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port());
             RawClient a = new RawClient(s.port()); RawClient b = new RawClient(s.port())) {
            a.call("PING");
            b.call("PING");
            assertEquals(2L, j.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "SKIPME", "yes"));
            assertEquals("PONG", j.ping());
        }
    }

    @Test
    void replyOffOnAndSkip() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.command("CLIENT", "REPLY", "OFF");
            c.command("PING", "silenced");
            c.command("CLIENT", "REPLY", "ON");
            assertEquals("+OK\r\n", c.readReply());
            c.command("CLIENT", "REPLY", "SKIP");
            c.command("PING", "skipped");
            assertEquals("$5\r\nshown\r\n", c.call("PING", "shown"));
            c.command("CLIENT", "REPLY", "SKIP");
            assertEquals("+OK\r\n", c.call("CLIENT", "REPLY", "ON"), "ON clears a pending SKIP");
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("-ERR syntax error\r\n", c.call("CLIENT", "REPLY", "maybe"));
        }
    }

    @Test
    void evictTouchSetinfoAndTrackingStubs() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("CLIENT", "NO-EVICT", "on"));
            assertTrue(bulk(c.call("CLIENT", "INFO")).contains(" flags=e "));
            assertEquals("+OK\r\n", c.call("CLIENT", "NO-EVICT", "off"));
            assertEquals("-ERR syntax error\r\n", c.call("CLIENT", "NO-EVICT", "x"));
            assertEquals("+OK\r\n", c.call("CLIENT", "NO-TOUCH", "on"));
            assertTrue(s.server().clients().stream().anyMatch(cl -> cl.noTouch()));
            assertEquals("+OK\r\n", c.call("CLIENT", "SETINFO", "LIB-NAME", "jedis"));
            assertEquals("+OK\r\n", c.call("CLIENT", "SETINFO", "lib-ver", "5.2.0"));
            assertEquals("-ERR Unrecognized option 'foo'\r\n", c.call("CLIENT", "SETINFO", "foo", "x"));
            assertEquals("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n",
                    c.call("CLIENT", "SETINFO", "lib-name", "a b"));
            assertEquals(":-1\r\n", c.call("CLIENT", "GETREDIR"));
            assertEquals("*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n",
                    c.call("CLIENT", "TRACKINGINFO"));
            assertEquals(":0\r\n", c.call("CLIENT", "UNBLOCK", "1"));
            assertEquals("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n",
                    c.call("CLIENT", "UNBLOCK", "1", "x"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("CLIENT", "UNBLOCK", "x"));
        }
    }

    @Test
    void jedisConnectsWithSetinfo() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertNull(j.clientGetname());
            j.clientSetname("named");
            assertEquals("named", j.clientGetname());
            assertTrue(j.clientList().contains("name=named"));
        }
    }

    @Test
    void pauseValidationAndUnpause() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", c.call("CLIENT", "PAUSE", "10", "x"));
            assertEquals("-ERR timeout is not an integer or out of range\r\n", c.call("CLIENT", "PAUSE", "x"));
            assertEquals("-ERR timeout is negative\r\n", c.call("CLIENT", "PAUSE", "-1"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n",
                    c.call("CLIENT", "PAUSE", "10", "ALL", "x"));
            assertEquals("+OK\r\n", c.call("CLIENT", "PAUSE", "100000", "WRITE"));
            assertTrue(s.server().paused() && s.server().pauseWritesOnly());
            assertEquals("+OK\r\n", c.call("CLIENT", "UNPAUSE"));
            assertTrue(!s.server().paused());
        }
    }

    @Test
    void help() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String help = c.call("CLIENT", "HELP");
            assertTrue(help.contains("+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
            assertTrue(help.endsWith("+HELP\r\n+    Prints this help.\r\n"));
        }
    }
}
