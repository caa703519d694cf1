package io.redjay.transactions;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MULTI/EXEC/DISCARD on the wire: the exact replies of queueing, of every error case, and how a transaction shows in
 * CLIENT LIST, MONITOR and the command statistics.
 */
class TransactionRawTest {
    private static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.\r\n";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void flush() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("FLUSHALL");
            c.call("CONFIG", "RESETSTAT");
        }
    }

    @Test
    void queuedCommandsRunAtExecInOrder() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            assertEquals("+OK\r\n", c.call("MULTI"));
            assertEquals("+QUEUED\r\n", c.call("SET", "k", "v"));
            assertEquals("+QUEUED\r\n", c.call("APPEND", "k", "w"));
            assertEquals("+QUEUED\r\n", c.call("GET", "k"));
            assertEquals("$-1\r\n", other.call("GET", "k"), "nothing runs before EXEC");
            assertEquals("*3\r\n+OK\r\n:2\r\n$2\r\nvw\r\n", c.call("EXEC"));
            assertEquals("$2\r\nvw\r\n", other.call("GET", "k"));
        }
    }

    @Test
    void emptyTransactionRepliesEmptyArray() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            assertEquals("*0\r\n", c.call("EXEC"));
        }
    }

    @Test
    void runtimeErrorsDoNotStopTheOtherCommands() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("SET", "s", "text");
            c.call("MULTI");
            c.call("INCR", "s");
            c.call("LPUSH", "s", "x");
            c.call("SET", "after", "1");
            assertEquals("*3\r\n-ERR value is not an integer or out of range\r\n"
                    + "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n+OK\r\n", c.call("EXEC"));
            assertEquals("$1\r\n1\r\n", c.call("GET", "after"));
        }
    }

    @Test
    void withoutMultiErrors() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("-ERR EXEC without MULTI\r\n", c.call("EXEC"));
            assertEquals("-ERR DISCARD without MULTI\r\n", c.call("DISCARD"));
            assertEquals("+OK\r\n", c.call("UNWATCH"));
            assertEquals("-ERR wrong number of arguments for 'watch' command\r\n", c.call("WATCH"));
        }
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreRefusedWithoutAbortingTheTransaction() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            assertEquals("-ERR MULTI calls can not be nested\r\n", c.call("MULTI"));
            assertEquals("-ERR WATCH inside MULTI is not allowed\r\n", c.call("WATCH", "k"));
            c.call("SET", "k", "1");
            assertEquals("*1\r\n+OK\r\n", c.call("EXEC"));
        }
    }

    @Test
    void unknownCommandWhileQueueingAbortsExec() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SET", "a", "1");
            assertEquals("-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n", c.call("NOSUCH", "x"));
            assertEquals("+QUEUED\r\n", c.call("SET", "b", "1"), "commands still answer QUEUED");
            assertEquals(EXECABORT, c.call("EXEC"));
            assertEquals(":0\r\n", c.call("EXISTS", "a", "b"));
            assertEquals("+PONG\r\n", c.call("PING"), "the client left MULTI");
        }
    }

    @Test
    void wrongArityAndUnknownSubcommandWhileQueueingAbortExec() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            assertEquals("-ERR wrong number of arguments for 'get' command\r\n", c.call("GET"));
            assertEquals(EXECABORT, c.call("EXEC"));
            c.call("MULTI");
            assertEquals("-ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.\r\n", c.call("CONFIG", "NOSUCH"));
            assertEquals(EXECABORT, c.call("EXEC"));
            c.call("MULTI");
            assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", c.call("CONFIG", "GET"));
            assertEquals(EXECABORT, c.call("EXEC"));
        }
    }

    @Test
    void noMultiCommandIsRefusedAndAbortsExec() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            assertEquals("-ERR Command not allowed inside a transaction\r\n", c.call("SHUTDOWN"));
            assertEquals(EXECABORT, c.call("EXEC"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
        }
    }

    @Test
    void rejectedExecEndsTheTransactionWithTheReasonWrapped() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            assertEquals("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
                    c.call("EXEC", "x"));
            assertEquals("-ERR EXEC without MULTI\r\n", c.call("EXEC"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
        }
    }

    @Test
    void discardDropsTheQueue() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            assertEquals("+OK\r\n", c.call("DISCARD"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
            assertEquals("-ERR DISCARD without MULTI\r\n", c.call("DISCARD"));
        }
    }

    @Test
    void subcommandsNamedLikeTransactionCommandsAreQueued() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            assertEquals("+QUEUED\r\n", c.call("SLOWLOG", "RESET"));
            assertEquals("*1\r\n+OK\r\n", c.call("EXEC"));
        }
    }

    @Test
    void resetAndQuitAreNotQueued() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("-ERR EXEC without MULTI\r\n", c.call("EXEC"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
            c.call("MULTI");
            assertEquals("+OK\r\n", c.call("QUIT"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void selectInsideTransactionAppliesToTheFollowingCommands() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SELECT", "3");
            c.call("SET", "k", "in3");
            assertEquals("*2\r\n+OK\r\n+OK\r\n", c.call("EXEC"));
            assertEquals("$3\r\nin3\r\n", c.call("GET", "k"), "the connection stays in the database selected");
        }
    }

    @Test
    void clientListShowsQueuedCountAndFlags() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient observer = new RawClient(server.port())) {
            c.call("CLIENT", "SETNAME", "tx");
            c.call("MULTI");
            c.call("SET", "k", "v");
            c.call("GET", "k");
            String line = clientLine(observer, "tx");
            assertTrue(line.contains(" flags=x "), line);
            assertTrue(line.contains(" multi=2 "), line);
            assertTrue(line.contains(" multi-mem=" + (3 + 1 + 1 + 3 * 8 + 3 + 1 + 2 * 8) + " "), line);
            c.call("DISCARD");
            line = clientLine(observer, "tx");
            assertTrue(line.contains(" flags=N ") && line.contains(" multi=-1 ") && line.contains(" multi-mem=0 "),
                    line);
            c.call("WATCH", "k");
            observer.call("SET", "k", "changed");
            assertTrue(clientLine(observer, "tx").contains(" flags=d "), "a touched watch shows as d");
            c.call("UNWATCH");
            assertTrue(clientLine(observer, "tx").contains(" flags=N "));
        }
    }

    private static String clientLine(RawClient observer, String name) throws IOException {
        for (String line : observer.call("CLIENT", "LIST").split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                return line;
            }
        }
        throw new AssertionError("no client named " + name);
    }

    @Test
    void monitorSeesMultiTheExecutedCommandsThenExec() throws IOException {
        try (RawClient monitor = new RawClient(server.port()); RawClient c = new RawClient(server.port())) {
            monitor.call("MONITOR");
            c.call("MULTI");
            c.call("SET", "k", "v");
            c.call("GET", "k");
            c.call("EXEC");
            c.call("PING");
            String[] expected = {"\"MULTI\"", "\"SET\" \"k\" \"v\"", "\"GET\" \"k\"", "\"EXEC\"", "\"PING\""};
            for (String e : expected) {
                String line = monitor.readReply();
                assertTrue(line.endsWith("] " + e + "\r\n"), line + " should show " + e);
            }
        }
    }

    @Test
    void queuedCommandsAreCountedWhenTheyRunNotWhenQueued() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            c.call("SET", "k", "w");
            assertTrue(!c.call("INFO", "COMMANDSTATS").contains("cmdstat_set:"), "queueing is not a call");
            c.call("DISCARD");
            c.call("MULTI");
            c.call("SET", "k", "v");
            c.call("GET");
            c.call("EXEC");
            String stats = c.call("INFO", "COMMANDSTATS");
            assertTrue(stats.contains("cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0"),
                    stats);
            assertTrue(stats.contains("cmdstat_exec:calls=1,"), stats);
            assertTrue(c.call("INFO", "ERRORSTATS").contains("errorstat_EXECABORT:count=1"));
            c.call("MULTI");
            c.call("SET", "k", "v");
            c.call("EXEC");
            assertTrue(c.call("INFO", "COMMANDSTATS").contains("cmdstat_set:calls=1,"));
        }
    }

    @Test
    void resp3AbortedExecIsNull() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            c.call("HELLO", "3");
            c.call("WATCH", "k");
            other.call("SET", "k", "1");
            c.call("MULTI");
            c.call("PING");
            assertEquals("_\r\n", c.call("EXEC"));
            c.call("HELLO", "2");
            c.call("WATCH", "k");
            other.call("SET", "k", "2");
            c.call("MULTI");
            assertEquals("*-1\r\n", c.call("EXEC"));
        }
    }
}
