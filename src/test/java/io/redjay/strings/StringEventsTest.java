package io.redjay.strings;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace events and dirty counting of the string and bit commands: each write reports Redis's event name for its
 * class, once per changed key, and a command that changes nothing reports nothing.
 */
class StringEventsTest {
    private TestServer server;
    private RawClient c;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        StringsSupport.onServer(server, () -> {
            server.server().keyspace().listener(new Recorder());
            return null;
        });
        c = new RawClient(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    private final class Recorder implements KeyspaceListener {
        @Override
        public void keyModified(Database db, byte[] key) {
        }

        @Override
        public void keyEvent(Database db, int type, String event, byte[] key) {
            String cls = type == Events.STRING ? "$" : type == Events.GENERIC ? "g" : String.valueOf(type);
            events.add(cls + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }

        @Override
        public void databaseChanged(Database db) {
        }
    }

    private List<String> run(String... command) throws Exception {
        events.clear();
        c.call(command);
        return List.copyOf(events);
    }

    @Test
    void setFamily() throws Exception {
        assertEquals(List.of("$:set:k"), run("SET", "k", "v"));
        assertEquals(List.of("$:set:k", "g:expire:k"), run("SET", "k", "v", "EX", "10"));
        assertEquals(List.of(), run("SET", "k", "v", "NX"));
        assertEquals(List.of("$:set:k", "g:expire:k"), run("SETEX", "k", "10", "v"));
        assertEquals(List.of("$:set:a", "$:set:b"), run("MSET", "a", "1", "b", "2"));
        assertEquals(List.of(), run("MSETNX", "a", "1", "c", "2"));
        assertEquals(List.of("$:set:k"), run("GETSET", "k", "v"));
        assertEquals(List.of("g:del:k"), run("GETDEL", "k"));
        assertEquals(List.of(), run("GETDEL", "k"));
    }

    @Test
    void getex() throws Exception {
        c.call("SET", "k", "v");
        assertEquals(List.of(), run("GETEX", "k"));
        assertEquals(List.of("g:expire:k"), run("GETEX", "k", "EX", "100"));
        assertEquals(List.of("g:persist:k"), run("GETEX", "k", "PERSIST"));
        assertEquals(List.of(), run("GETEX", "k", "PERSIST"));
        assertEquals(List.of("g:del:k"), run("GETEX", "k", "PXAT", "1"));
    }

    @Test
    void modifications() throws Exception {
        assertEquals(List.of("$:incrby:n"), run("INCR", "n"));
        assertEquals(List.of("$:incrby:n"), run("DECRBY", "n", "5"));
        assertEquals(List.of("$:incrbyfloat:n"), run("INCRBYFLOAT", "n", "1.5"));
        assertEquals(List.of("$:append:n"), run("APPEND", "n", "x"));
        assertEquals(List.of("$:setrange:n"), run("SETRANGE", "n", "0", "y"));
        assertEquals(List.of(), run("SETRANGE", "n", "0", ""));
    }

    @Test
    void bitCommands() throws Exception {
        assertEquals(List.of("$:setbit:b"), run("SETBIT", "b", "3", "1"));
        assertEquals(List.of(), run("SETBIT", "b", "3", "1"));
        assertEquals(List.of("$:setbit:b"), run("SETBIT", "b", "3", "0"));
        assertEquals(List.of("$:setbit:b"), run("BITFIELD", "b", "SET", "u8", "0", "7"));
        assertEquals(List.of(), run("BITFIELD", "b", "SET", "u8", "0", "7"));
        assertEquals(List.of(), run("BITFIELD", "b", "GET", "u8", "0"));
        assertEquals(List.of("$:set:d"), run("BITOP", "NOT", "d", "b"));
        assertEquals(List.of("g:del:d"), run("BITOP", "AND", "d", "missing1", "missing2"));
        assertEquals(List.of(), run("BITOP", "AND", "d", "missing1", "missing2"));
    }

    @Test
    void dirtyCountsOnlyRealChanges() throws Exception {
        long before = StringsSupport.onServer(server, () -> server.server().keyspace().dirty());
        c.call("SET", "k", "v");
        c.call("SET", "k", "v", "NX");
        c.call("SETBIT", "bits", "1", "1");
        c.call("SETBIT", "bits", "1", "1");
        long after = StringsSupport.onServer(server, () -> server.server().keyspace().dirty());
        assertEquals(2, after - before);
    }
}
