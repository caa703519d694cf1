package io.redjay.pubsub;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pub/sub on the wire: the exact RESP2 arrays and RESP3 pushes Redis 7.0 sends, subscription counts, the RESP2
 * subscribed-mode restrictions, and cleanup by RESET and disconnection.
 */
class PubSubProtocolTest {
    @Test
    void resp2MessagesAndConfirmations() throws Exception {
        try (TestServer s = TestServer.start(); RawClient sub = new RawClient(s.port());
             RawClient pub = new RawClient(s.port())) {
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", sub.call("SUBSCRIBE", "a", "b", "a"));
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n", sub.readReply());
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n", sub.readReply());
            assertEquals("*3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:3\r\n", sub.call("PSUBSCRIBE", "a*"));
            assertEquals("*3\r\n$10\r\nssubscribe\r\n$1\r\nz\r\n:1\r\n", sub.call("SSUBSCRIBE", "z"));

            assertEquals(":2\r\n", pub.call("PUBLISH", "a", "hi"));
            assertEquals("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n", sub.readReply());
            assertEquals("*4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$2\r\nhi\r\n", sub.readReply());
            assertEquals(":1\r\n", pub.call("SPUBLISH", "z", "s"));
            assertEquals("*3\r\n$8\r\nsmessage\r\n$1\r\nz\r\n$1\r\ns\r\n", sub.readReply());
            assertEquals(":0\r\n", pub.call("PUBLISH", "z", "shard channels are a separate namespace"));
            assertEquals(":0\r\n", pub.call("SPUBLISH", "a", "and have no patterns"));

            assertEquals("*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n", sub.call("UNSUBSCRIBE"));
            assertEquals("*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n", sub.readReply());
            assertEquals("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:1\r\n", sub.call("UNSUBSCRIBE"));
            assertEquals("*3\r\n$12\r\npunsubscribe\r\n$2\r\nzz\r\n:1\r\n", sub.call("PUNSUBSCRIBE", "zz"));
            assertEquals("*3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n", sub.call("PUNSUBSCRIBE"));
            assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", sub.call("PING"), "still subscribed to a shard channel");
            assertEquals("*3\r\n$12\r\nsunsubscribe\r\n$1\r\nz\r\n:0\r\n", sub.call("SUNSUBSCRIBE"));
            assertEquals("+PONG\r\n", sub.call("PING"));
            assertEquals("*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n", sub.call("SUNSUBSCRIBE"));
        }
    }

    @Test
    void resp3PushesAndNoRestrictions() throws Exception {
        try (TestServer s = TestServer.start(); RawClient sub = new RawClient(s.port());
             RawClient pub = new RawClient(s.port())) {
            sub.call("HELLO", "3");
            assertEquals(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", sub.call("SUBSCRIBE", "a"));
            assertEquals(">3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n", sub.call("PSUBSCRIBE", "*"));
            assertEquals(":2\r\n", pub.call("PUBLISH", "a", "x"));
            assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n", sub.readReply());
            assertEquals(">4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$1\r\na\r\n$1\r\nx\r\n", sub.readReply());
            assertEquals("+OK\r\n", sub.call("SET", "k", "v"));
            assertEquals("+PONG\r\n", sub.call("PING"));
            assertEquals(">3\r\n$11\r\nunsubscribe\r\n$1\r\nq\r\n:2\r\n", sub.call("UNSUBSCRIBE", "q"));
            sub.call("UNSUBSCRIBE");
            assertEquals(">3\r\n$11\r\nunsubscribe\r\n_\r\n:1\r\n", sub.call("UNSUBSCRIBE"));
        }
    }

    @Test
    void resp2SubscribedModeAllowsOnlyPubSubCommands() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SUBSCRIBE", "a");
            assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                    + "are allowed in this context\r\n", c.call("GET", "k"));
            assertEquals("-ERR Can't execute 'client|list': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                    + "RESET are allowed in this context\r\n", c.call("CLIENT", "LIST"));
            assertEquals("*2\r\n$4\r\npong\r\n$3\r\nmsg\r\n", c.call("PING", "msg"));
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void resetAndDisconnectDropSubscriptions() throws Exception {
        try (TestServer s = TestServer.start(); RawClient admin = new RawClient(s.port())) {
            RawClient a = new RawClient(s.port());
            a.call("SUBSCRIBE", "c1");
            a.call("PSUBSCRIBE", "p*");
            a.call("SSUBSCRIBE", "s1");
            assertEquals("*4\r\n$2\r\nc1\r\n:1\r\n$2\r\nc2\r\n:0\r\n", admin.call("PUBSUB", "NUMSUB", "c1", "c2"));
            assertEquals(":1\r\n", admin.call("PUBSUB", "NUMPAT"));
            assertEquals("*1\r\n$2\r\ns1\r\n", admin.call("PUBSUB", "SHARDCHANNELS"));
            assertEquals("*2\r\n$2\r\ns1\r\n:1\r\n", admin.call("PUBSUB", "SHARDNUMSUB", "s1"));
            assertEquals("*0\r\n", admin.call("PUBSUB", "CHANNELS", "x*"));
            String info = admin.call("INFO", "stats");
            assertTrue(info.contains("pubsub_channels:1\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n"), info);
            String list = admin.call("CLIENT", "LIST", "TYPE", "pubsub");
            assertTrue(list.contains(" flags=P ") && list.contains(" sub=1 psub=1 ssub=1 "), list);

            assertEquals("+RESET\r\n", a.call("RESET"));
            assertEquals(":0\r\n", admin.call("PUBLISH", "c1", "m"));
            assertEquals(":0\r\n", admin.call("PUBSUB", "NUMPAT"));
            assertEquals("*0\r\n", admin.call("PUBSUB", "SHARDCHANNELS"));
            assertEquals("$0\r\n\r\n", admin.call("CLIENT", "LIST", "TYPE", "pubsub"));

            a.call("SUBSCRIBE", "c1");
            assertEquals(":1\r\n", admin.call("PUBLISH", "c1", "m"));
            a.close();
            long end = System.currentTimeMillis() + 5000;
            while (!admin.call("PUBSUB", "NUMSUB", "c1").equals("*2\r\n$2\r\nc1\r\n:0\r\n")) {
                assertTrue(System.currentTimeMillis() < end, "disconnected subscriber still registered");
                Thread.sleep(10);
            }
        }
    }

    @Test
    void clientKillTypePubsub() throws Exception {
        try (TestServer s = TestServer.start(); RawClient admin = new RawClient(s.port());
             RawClient sub = new RawClient(s.port())) {
            sub.call("PSUBSCRIBE", "x");
            assertEquals(":1\r\n", admin.call("CLIENT", "KILL", "TYPE", "pubsub"));
            assertTrue(sub.closedByServer());
            assertEquals(":0\r\n", admin.call("PUBSUB", "NUMPAT"));
        }
    }

    @Test
    void pushesReachClientsWithRepliesOff() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port());
             RawClient pub = new RawClient(s.port())) {
            c.call("HELLO", "3");
            c.command("CLIENT", "REPLY", "OFF");
            assertEquals(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", c.call("SUBSCRIBE", "ch"));
            assertEquals(":1\r\n", pub.call("PUBLISH", "ch", "m"));
            assertEquals(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n", c.readReply());
            c.command("SET", "k", "v");
            c.command("CLIENT", "REPLY", "ON");
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
        }
    }

    @Test
    void pubsubContainerErrorsAndHelp() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
                    c.call("PUBSUB", "CHANNELS", "a", "b"));
            assertEquals("-ERR unknown subcommand 'nope'. Try PUBSUB HELP.\r\n", c.call("PUBSUB", "nope"));
            assertEquals("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n",
                    c.call("PUBSUB", "NUMPAT", "x"));
            assertEquals("*0\r\n", c.call("PUBSUB", "NUMSUB"));
            assertTrue(c.call("PUBSUB", "HELP").startsWith("*14\r\n+PUBSUB <subcommand>"));
        }
    }
}
