package io.redjay.server;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebugCommandsTest {
    private static final String ZERO = "0".repeat(40);

    /** Expected digests are what Redis 7.0.15 replies for the same data. */
    @Test
    void digestsMatchRedis() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("+" + ZERO + "\r\n", c.call("DEBUG", "DIGEST"));
            assertEquals("*1\r\n+" + ZERO + "\r\n", c.call("DEBUG", "DIGEST-VALUE", "nokey"));
            assertEquals("*0\r\n", c.call("DEBUG", "DIGEST-VALUE"));
            c.call("SET", "k", "v");
            assertEquals("+264ccf65edec66bccfa7cc659414ccca432057d2\r\n", c.call("DEBUG", "DIGEST"));
            assertEquals("*1\r\n+d79ee9fe5d5ad902d7f6620efc3b07b75ddd742f\r\n", c.call("DEBUG", "DIGEST-VALUE", "k"));
            c.call("SELECT", "3");
            c.call("SET", "k", "v");
            assertEquals("+83a5c17d3e04e6621f33bed48e2ce6d0a74f73b6\r\n", c.call("DEBUG", "DIGEST"));
        }
    }

    @Test
    void digestsEqualRealRedisServer() throws Exception {
        Assumptions.assumeTrue(onPath("redis-server"), "redis-server not installed");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--enable-debug-command", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (TestServer s = TestServer.start(); RawClient ours = new RawClient(s.port());
             RawClient real = connect(port)) {
            Consumer<String[]> both = args -> {
                try {
                    assertEquals(real.call(args), ours.call(args), String.join(" ", args));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            both.accept(new String[] {"SET", "plain", "hello"});
            both.accept(new String[] {"SET", "int", "12345"});
            both.accept(new String[] {"SET", "long", "x".repeat(300)});
            both.accept(new String[] {"SET", "ttl", "v", "EX", "1000"});
            both.accept(new String[] {"SET", "", "empty-key"});
            both.accept(new String[] {"SELECT", "7"});
            both.accept(new String[] {"SET", "other", "db"});
            both.accept(new String[] {"SET", "bin", "\u0001\u00ff\r\n"});
            both.accept(new String[] {"PEXPIRE", "bin", "500000"});
            both.accept(new String[] {"DEBUG", "DIGEST"});
            both.accept(new String[] {"DEBUG", "DIGEST-VALUE", "other", "bin", "missing"});
            both.accept(new String[] {"SELECT", "0"});
            both.accept(new String[] {"DEBUG", "DIGEST-VALUE", "plain", "int", "long", "ttl", ""});
            both.accept(new String[] {"DEBUG", "POPULATE", "50", "p", "10"});
            both.accept(new String[] {"DEBUG", "DIGEST"});
        } finally {
            redis.destroy();
            redis.waitFor();
        }
    }

    private static RawClient connect(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                RawClient c = new RawClient(port);
                if ("+PONG\r\n".equals(c.call("PING"))) {
                    return c;
                }
                c.close();
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, binary).canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void refusedWhenDisabled() throws Exception {
        try (TestServer s = TestServer.start("--enable-debug-command", "no"); RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the "
                    + "configuration file, and then restart the server.\r\n", c.call("DEBUG", "DIGEST"));
        }
        try (TestServer s = TestServer.start("--enable-debug-command", "local");
             RawClient c = new RawClient(s.port())) {
            assertEquals("+" + ZERO + "\r\n", c.call("DEBUG", "DIGEST"));
        }
    }

    @Test
    void objectDescribesStrings() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "foo", "bar");
            c.call("SET", "n", "5");
            c.call("SET", "n2", "123456789012");
            Pattern line = Pattern.compile("\\+Value at:0x[0-9a-f]+ refcount:(\\d+) encoding:(\\w+) "
                    + "serializedlength:(\\d+) lru:\\d+ lru_seconds_idle:\\d+\r\n");
            assertFields(line, c.call("DEBUG", "OBJECT", "foo"), "1", "embstr", "4");
            assertFields(line, c.call("DEBUG", "OBJECT", "n"), "2147483647", "int", "2");
            assertFields(line, c.call("DEBUG", "OBJECT", "n2"), "1", "int", "13");
            assertEquals("-ERR no such key\r\n", c.call("DEBUG", "OBJECT", "missing"));
        }
    }

    private static void assertFields(Pattern p, String reply, String refcount, String encoding, String length) {
        java.util.regex.Matcher m = p.matcher(reply);
        assertTrue(m.matches(), reply);
        assertEquals(List.of(refcount, encoding, length), List.of(m.group(1), m.group(2), m.group(3)));
    }

    @Test
    void protocolRepliesInBothVersions() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("*3\r\n:0\r\n:1\r\n:2\r\n", c.call("DEBUG", "PROTOCOL", "set"));
            assertEquals("*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n", c.call("DEBUG", "PROTOCOL", "map"));
            assertEquals("$5\r\n3.141\r\n", c.call("DEBUG", "PROTOCOL", "double"));
            assertEquals("-ERR RESP2 is not supported by this command\r\n", c.call("DEBUG", "PROTOCOL", "push"));
            c.call("HELLO", "3");
            assertEquals("%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n", c.call("DEBUG", "PROTOCOL", "map"));
            assertEquals("(1234567999999999999999999999999999999\r\n", c.call("DEBUG", "PROTOCOL", "bignum"));
            assertEquals("_\r\n", c.call("DEBUG", "PROTOCOL", "null"));
            assertEquals("#t\r\n", c.call("DEBUG", "PROTOCOL", "true"));
            assertEquals(",3.141\r\n", c.call("DEBUG", "PROTOCOL", "double"));
            assertTrue(c.call("DEBUG", "PROTOCOL", "xxx").startsWith("-ERR Wrong protocol type name."));
        }
    }

    @Test
    void otherSubcommandsAndErrors() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP.\r\n",
                    c.call("DEBUG", "foo"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'digest'. Try DEBUG HELP.\r\n",
                    c.call("DEBUG", "digest", "x"));
            assertEquals("+OK\r\n", c.call("DEBUG", "SLEEP", "0"));
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            assertTrue(!s.server().activeExpire().enabled());
            assertEquals("+OK\r\n", c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
            assertTrue(s.server().activeExpire().enabled());
            assertEquals("+OK\r\n", c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1mb"));
            assertEquals("-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n",
                    c.call("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "abc"));
            assertEquals("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n",
                    c.call("DEBUG", "RELOAD", "foo"));
            assertEquals("-LOADING fake error\r\n", c.call("DEBUG", "ERROR", "LOADING fake\nerror"));
            assertEquals("+OK\r\n", c.call("DEBUG", "POPULATE", "10"));
            assertEquals(":10\r\n", c.call("DBSIZE"));
            assertEquals("$7\r\nvalue:3\r\n", c.call("GET", "key:3"));
            assertEquals("-ERR value is out of range, must be positive\r\n", c.call("DEBUG", "POPULATE", "-1"));
            assertEquals("-ERR no such key\r\n", c.call("DEBUG", "LISTPACK", "nokey"));
            assertEquals("-ERR Not a listpack encoded object.\r\n", c.call("DEBUG", "LISTPACK", "key:1"));
            assertTrue(c.call("DEBUG", "HELP").contains("+DIGEST-VALUE <key> [<key> ...]\r\n"));
        }
    }
}
