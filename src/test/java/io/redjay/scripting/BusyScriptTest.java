package io.redjay.scripting;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script that runs past {@code busy-reply-threshold} while other clients keep talking: they are answered
 * {@code -BUSY} (the executor turns its event loop from inside the script), SCRIPT KILL stops a script that has not
 * written, a script that has written is {@code -UNKILLABLE} and SHUTDOWN without NOSAVE is refused, the caller's own
 * pipelined commands wait and run after the script in order, and the keyspace clock stands still for the whole
 * script so a key cannot expire between two of its commands.
 */
class BusyScriptTest {
    private static final String BUSY = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
            + "SHUTDOWN NOSAVE.\r\n";
    /** Spins until {@code ARGV[1]} milliseconds have passed, by the server's TIME; writes first when ARGV[2] is set. */
    private static final String SPIN = "if ARGV[2] then redis.call('set', ARGV[2], 'written') end "
            + "local function now() local t = redis.call('time') return t[1] * 1000 + math.floor(t[2] / 1000) end "
            + "local start = now() while now() - start < tonumber(ARGV[1]) do end return 1";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("--busy-reply-threshold", "100");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends PING until the reply is BUSY (bounded), and returns that reply. */
    private static String awaitBusy(RawClient c) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String reply = c.call("PING");
        while (!reply.startsWith("-BUSY") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            reply = c.call("PING");
        }
        return reply;
    }

    @Test
    void othersGetBusyAndScriptKillStopsAReadOnlyScript() throws Exception {
        try (RawClient caller = new RawClient(server.port(), 20_000); RawClient other = new RawClient(server.port())) {
            caller.command("EVAL", "local i = 0 while true do i = i + 1 end", "0");
            assertEquals(BUSY, awaitBusy(other));
            assertEquals(BUSY, other.call("GET", "x"));
            assertEquals("+OK\r\n", other.call("SCRIPT", "KILL"));
            String killed = caller.readReply();
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), killed);
            assertTrue(killed.endsWith(", on @user_script:1.\r\n"), killed);
            assertEquals("+PONG\r\n", other.call("PING"));
            assertEquals("+PONG\r\n", caller.call("PING"));
            assertEquals("-NOTBUSY No scripts in execution right now.\r\n", other.call("SCRIPT", "KILL"));
        }
    }

    @Test
    void aScriptThatWroteCannotBeKilledAndShutdownNeedsNosave() throws Exception {
        try (RawClient caller = new RawClient(server.port(), 20_000); RawClient other = new RawClient(server.port())) {
            caller.command("EVAL", SPIN, "0", "700", "w");
            assertEquals(BUSY, awaitBusy(other));
            assertEquals("-UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
                    + "either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE "
                    + "command.\r\n", other.call("SCRIPT", "KILL"));
            assertEquals(BUSY, other.call("SHUTDOWN"));
            assertEquals(":1\r\n", caller.readReply());
            assertEquals("$7\r\nwritten\r\n", other.call("GET", "w"));
        }
    }

    @Test
    void theCallersPipelineRunsAfterTheScriptInOrder() throws Exception {
        try (RawClient caller = new RawClient(server.port(), 20_000); RawClient other = new RawClient(server.port())) {
            caller.call("DEL", "c");
            caller.send(resp("EVAL", SPIN, "0", "500") + resp("INCR", "c") + resp("GET", "c"));
            assertEquals(BUSY, awaitBusy(other));
            assertEquals(BUSY, other.call("INCR", "c"));
            caller.send(resp("INCR", "c"));
            assertEquals(":1\r\n", caller.readReply());
            assertEquals(":1\r\n", caller.readReply());
            assertEquals("$1\r\n1\r\n", caller.readReply());
            assertEquals(":2\r\n", caller.readReply());
        }
    }

    @Test
    void keysDoNotExpireWhileAScriptRuns() throws Exception {
        try (RawClient c = new RawClient(server.port(), 20_000)) {
            c.call("SET", "short", "v", "PX", "100");
            String script = "local before = redis.call('exists', 'short') "
                    + "local function now() local t = redis.call('time') return t[1] * 1000 + math.floor(t[2] / 1000) end "
                    + "local start = now() while now() - start < 300 do end "
                    + "return {before, redis.call('exists', 'short')}";
            assertEquals("*2\r\n:1\r\n:1\r\n", c.call("EVAL", script, "0"));
            assertEquals(":0\r\n", c.call("EXISTS", "short"));
        }
    }

    private static String resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n")
                    .append(a).append("\r\n");
        }
        return sb.toString();
    }
}
