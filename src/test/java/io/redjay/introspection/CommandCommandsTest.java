package io.redjay.introspection;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCommandsTest {
    /** COMMAND INFO GET exactly as Redis 7.0.15 answers it (RESP2). */
    private static final String GET_INFO = "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n"
            + ":1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n"
            + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

    @Test
    void commandInfoMatchesRedisFormat() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals(GET_INFO, c.call("COMMAND", "INFO", "get"));
            assertEquals(GET_INFO, c.call("COMMAND", "INFO", "GeT"));
            assertEquals("*1\r\n$-1\r\n", c.call("COMMAND", "INFO", "nosuchcommand"));
            String kill = c.call("COMMAND", "INFO", "client|kill");
            assertTrue(kill.startsWith("*1\r\n*10\r\n$11\r\nclient|kill\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n"
                    + "+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*4\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n"
                    + "+@connection\r\n"), kill);
            String client = c.call("COMMAND", "INFO", "client");
            assertTrue(client.startsWith("*1\r\n*10\r\n$6\r\nclient\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n"
                    + "+@slow\r\n*0\r\n*0\r\n*"), client);
            c.call("HELLO", "3");
            assertTrue(c.call("COMMAND", "INFO", "get").startsWith("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n"));
        }
    }

    @Test
    void countAndAllAgree() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            int count = s.server().commands().size();
            assertEquals(":" + count + "\r\n", c.call("COMMAND", "COUNT"));
            assertTrue(c.call("COMMAND").startsWith("*" + count + "\r\n*10\r\n"));
            assertTrue(c.call("COMMAND", "INFO").startsWith("*" + count + "\r\n*10\r\n"));
        }
    }

    @Test
    void docsGiveSummarySinceGroupComplexityAndSubcommands() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String get = c.call("COMMAND", "DOCS", "get", "nosuch");
            assertTrue(get.startsWith("*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n"), get);
            assertTrue(get.contains("$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$3\r\nkey\r\n"), get);
            assertTrue(get.contains("$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n"
                    + "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"), get);
            String client = c.call("COMMAND", "DOCS", "client");
            assertTrue(client.contains("$11\r\nsubcommands\r\n"), client);
            assertTrue(client.contains("$11\r\nclient|kill\r\n"), client);
            assertEquals("*0\r\n", c.call("COMMAND", "DOCS", "nosuch"));
            c.call("HELLO", "3");
            assertTrue(c.call("COMMAND", "DOCS", "get").startsWith("%1\r\n$3\r\nget\r\n%5\r\n"));
        }
    }

    @Test
    void getKeysAndErrors() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("*1\r\n$1\r\na\r\n", c.call("COMMAND", "GETKEYS", "set", "a", "b"));
            assertEquals("*2\r\n$1\r\na\r\n$1\r\nc\r\n", c.call("COMMAND", "GETKEYS", "mset", "a", "b", "c", "d"));
            assertEquals("*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n",
                    c.call("COMMAND", "GETKEYSANDFLAGS", "get", "a"));
            assertEquals("-ERR Invalid command specified\r\n", c.call("COMMAND", "GETKEYS", "nosuch", "x"));
            assertEquals("-ERR The command has no key arguments\r\n", c.call("COMMAND", "GETKEYS", "ping", "x"));
            assertEquals("-ERR Invalid number of arguments specified for command\r\n",
                    c.call("COMMAND", "GETKEYS", "get", "a", "b"));
            assertEquals("-ERR wrong number of arguments for 'command|getkeys' command\r\n",
                    c.call("COMMAND", "GETKEYS", "get"));
        }
    }

    @Test
    void listWithFilters() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String all = c.call("COMMAND", "LIST");
            assertTrue(all.contains("$3\r\nget\r\n") && all.contains("$11\r\nclient|list\r\n"));
            String pattern = c.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "client|l*");
            assertEquals("*1\r\n$11\r\nclient|list\r\n", pattern);
            String string = c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "STRING");
            assertTrue(string.contains("$3\r\nget\r\n") && !string.contains("$4\r\nping\r\n"));
            assertEquals("*0\r\n", c.call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuchcat"));
            assertEquals("*0\r\n", c.call("COMMAND", "LIST", "FILTERBY", "MODULE", "m"));
            assertEquals("-ERR syntax error\r\n", c.call("COMMAND", "LIST", "FILTERBY", "x", "y"));
            assertEquals("-ERR syntax error\r\n", c.call("COMMAND", "LIST", "FILTERBY", "PATTERN"));
        }
    }

    @Test
    void help() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String help = c.call("COMMAND", "HELP");
            assertTrue(help.startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
            assertTrue(help.endsWith("+HELP\r\n+    Prints this help.\r\n"));
        }
    }
}
