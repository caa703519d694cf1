package io.redjay.hashes;

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
 * Raw replies of the hash commands, byte for byte: error strings, the order in which arguments are checked, RESP2
 * versus RESP3 shapes, and the keyspace events each write reports.
 */
class HashErrorsRawTest {
    private TestServer server;
    private RawClient c;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        server.server().executor().submit(() -> server.server().keyspace().listener(new Recorder())).get();
        c = new RawClient(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    private static String err(String message) {
        return "-" + message + "\r\n";
    }

    @Test
    void arityErrors() throws Exception {
        assertEquals(err("ERR wrong number of arguments for 'hset' command"), c.call("HSET", "h", "f"));
        assertEquals(err("ERR wrong number of arguments for 'hset' command"), c.call("HSET", "h", "f", "v", "g"));
        assertEquals(err("ERR wrong number of arguments for 'hmset' command"), c.call("hmset", "h", "f", "v", "g"));
        assertEquals(err("ERR wrong number of arguments for 'hget' command"), c.call("HGET", "h"));
        assertEquals(err("ERR wrong number of arguments for 'hrandfield' command"), c.call("HRANDFIELD"));
        assertEquals(err("ERR wrong number of arguments for 'hscan' command"), c.call("HSCAN", "h"));
        assertEquals(":0\r\n", c.call("EXISTS", "h"));
    }

    @Test
    void numberErrors() throws Exception {
        c.call("HSET", "h", "s", "abc", "sp", " 1", "max", "9223372036854775807", "min", "-9223372036854775808");
        assertEquals(err("ERR value is not an integer or out of range"), c.call("HINCRBY", "h", "s", "x"));
        assertEquals(err("ERR hash value is not an integer"), c.call("HINCRBY", "h", "s", "1"));
        assertEquals(err("ERR hash value is not an integer"), c.call("HINCRBY", "h", "sp", "1"));
        assertEquals(err("ERR increment or decrement would overflow"), c.call("HINCRBY", "h", "max", "1"));
        assertEquals(err("ERR increment or decrement would overflow"), c.call("HINCRBY", "h", "min", "-1"));
        assertEquals(":-1\r\n", c.call("HINCRBY", "h", "min", "9223372036854775807"));
        assertEquals(":-9223372036854775808\r\n", c.call("HINCRBY", "h", "new", "-9223372036854775808"));
        assertEquals(err("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", "x"));
        assertEquals(err("ERR value is not a valid float"), c.call("HINCRBYFLOAT", "h", "f", "nan"));
        assertEquals(err("ERR value is NaN or Infinity"), c.call("HINCRBYFLOAT", "h", "f", "inf"));
        assertEquals(err("ERR hash value is not a float"), c.call("HINCRBYFLOAT", "h", "s", "1"));
        c.call("HSET", "h", "huge", "1.1e4932");
        assertEquals(err("ERR increment would produce NaN or Infinity"),
                c.call("HINCRBYFLOAT", "h", "huge", "1.1e4932"));
        assertEquals("$4\r\n10.5\r\n", c.call("HINCRBYFLOAT", "h", "g", "10.5"));
        assertEquals("$4\r\n10.6\r\n", c.call("HINCRBYFLOAT", "h", "g", "0.1"));
        assertEquals("$4\r\n10.6\r\n", c.call("HGET", "h", "g"));
        assertEquals(":0\r\n", c.call("EXISTS", "nokey"));
        assertEquals(err("ERR value is NaN or Infinity"), c.call("HINCRBYFLOAT", "nokey", "f", "-inf"));
        assertEquals(":0\r\n", c.call("EXISTS", "nokey"));
    }

    @Test
    void hrandfieldCountChecks() throws Exception {
        c.call("HSET", "h", "a", "1");
        assertEquals(err("ERR value is not an integer or out of range"), c.call("HRANDFIELD", "h", "x"));
        assertEquals(err("ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807"), c.call("HRANDFIELD", "h", "-9223372036854775808"));
        assertEquals(err("ERR value is out of range"),
                c.call("HRANDFIELD", "h", "-9223372036854770000", "withvalues"));
        assertEquals(err("ERR value is out of range"),
                c.call("HRANDFIELD", "h", "4611686018427387904", "withvalues"));
        assertEquals(err("ERR syntax error"), c.call("HRANDFIELD", "h", "1", "withscores"));
        assertEquals(err("ERR syntax error"), c.call("HRANDFIELD", "h", "1", "withvalues", "x"));
        assertEquals(err("ERR syntax error"), c.call("HRANDFIELD", "nokey", "1", "x"));
        assertEquals("*0\r\n", c.call("HRANDFIELD", "nokey", "1", "withvalues"));
        assertEquals("$-1\r\n", c.call("HRANDFIELD", "nokey"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\n1\r\n", c.call("HRANDFIELD", "h", "5", "withvalues"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\n1\r\n", c.call("HRANDFIELD", "h", "1", "withvalues"));
        assertEquals("*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n", c.call("HRANDFIELD", "h", "-3"));
    }

    @Test
    void resp3Shapes() throws Exception {
        c.call("HSET", "h", "a", "1", "b", "2");
        c.call("HELLO", "3");
        assertEquals("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", c.call("HGETALL", "h"));
        assertEquals("%0\r\n", c.call("HGETALL", "nokey"));
        assertEquals("*0\r\n", c.call("HKEYS", "nokey"));
        assertEquals("_\r\n", c.call("HGET", "nokey", "f"));
        assertEquals("_\r\n", c.call("HRANDFIELD", "nokey"));
        assertEquals("*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
                c.call("HRANDFIELD", "h", "2", "withvalues"));
        c.call("HSET", "one", "a", "1");
        assertEquals("*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", c.call("HRANDFIELD", "one", "-1", "withvalues"));
        assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", c.call("HSCAN", "h", "0"));
    }

    @Test
    void scanErrors() throws Exception {
        c.call("HSET", "h", "a", "1");
        assertEquals(err("ERR invalid cursor"), c.call("HSCAN", "h", "x"));
        assertEquals(err("ERR invalid cursor"), c.call("HSCAN", "nokey", "x"));
        assertEquals(err("ERR syntax error"), c.call("HSCAN", "h", "0", "COUNT", "0"));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("HSCAN", "h", "0", "COUNT", "x"));
        assertEquals(err("ERR syntax error"), c.call("HSCAN", "h", "0", "TYPE", "hash"));
        assertEquals(err("ERR syntax error"), c.call("HSCAN", "h", "0", "MATCH"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", c.call("HSCAN", "nokey", "0", "COUNT", "0"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", c.call("HSCAN", "h", "0", "MATCH", "b*"));
    }

    @Test
    void wrongType() throws Exception {
        c.call("SET", "s", "v");
        String wrong = err("WRONGTYPE Operation against a key holding the wrong kind of value");
        for (String[] cmd : new String[][] {{"HSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"}, {"HGET", "s", "f"},
                {"HMGET", "s", "f"}, {"HDEL", "s", "f"}, {"HLEN", "s"}, {"HSTRLEN", "s", "f"}, {"HEXISTS", "s", "f"},
                {"HKEYS", "s"}, {"HVALS", "s"}, {"HGETALL", "s"}, {"HINCRBY", "s", "f", "1"},
                {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"}, {"HSCAN", "s", "0"},
                {"HMSET", "s", "f", "v"}}) {
            assertEquals(wrong, c.call(cmd), String.join(" ", cmd));
        }
        assertEquals(err("ERR value is not an integer or out of range"), c.call("HINCRBY", "s", "f", "x"));
        assertEquals(err("ERR wrong number of arguments for 'hset' command"), c.call("HSET", "s", "f", "v", "x"));
        assertEquals("$1\r\nv\r\n", c.call("GET", "s"));
    }

    @Test
    void keyspaceEvents() throws Exception {
        c.call("HSET", "h", "a", "1", "b", "2");
        c.call("HMSET", "h", "a", "1");
        c.call("HSETNX", "h", "a", "1");
        c.call("HSETNX", "h", "c", "1");
        c.call("HINCRBY", "h", "n", "1");
        c.call("HINCRBYFLOAT", "h", "n", "1");
        c.call("HINCRBY", "h", "a", "x");
        c.call("HDEL", "h", "zz");
        c.call("HDEL", "h", "a", "b");
        c.call("HDEL", "h", "c", "n");
        assertEquals(List.of("h:hset:h", "h:hset:h", "h:hset:h", "h:hincrby:h", "h:hincrbyfloat:h", "h:hdel:h",
                "h:hdel:h", "g:del:h"), events);
    }

    private final class Recorder implements KeyspaceListener {
        @Override
        public void keyModified(Database db, byte[] key) {
        }

        @Override
        public void keyEvent(Database db, int type, String event, byte[] key) {
            String cls = type == Events.HASH ? "h" : type == Events.GENERIC ? "g" : String.valueOf(type);
            events.add(cls + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }

        @Override
        public void databaseChanged(Database db) {
        }
    }
}
