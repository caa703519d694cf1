package io.redjay.lists;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keyspace events each list command emits, in Redis's order: the list event per key changed, then "del" when a
 * list was emptied and deleted; LMOVE reports the push on the destination before the pop on the source.
 */
class ListEventsTest {
    /** Records "type:event:key"; installed in place of the server's listener for the duration of a test. */
    private static final class Recorder implements KeyspaceListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void keyModified(Database db, byte[] key) {
        }

        @Override
        public synchronized void keyEvent(Database db, int type, String event, byte[] key) {
            String kind = type == Events.LIST ? "l" : type == Events.GENERIC ? "g" : Integer.toString(type);
            events.add(kind + ":" + event + ":" + new String(key, StandardCharsets.UTF_8));
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }

        @Override
        public void databaseChanged(Database db) {
        }

        synchronized List<String> drain() {
            List<String> copy = new ArrayList<>(events);
            events.clear();
            return copy;
        }
    }

    @Test
    void eventsPerCommand() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            Recorder ev = new Recorder();
            s.server().keyspace().listener(ev);
            j.rpush("l", "a", "b", "c");
            j.lpush("l", "z");
            assertEquals(List.of("l:rpush:l", "l:lpush:l"), ev.drain());
            j.linsert("l", ListPosition.AFTER, "a", "x");
            j.linsert("l", ListPosition.AFTER, "nope", "x");
            j.lset("l", 0, "y");
            j.lrem("l", 0, "x");
            j.lrem("l", 0, "nope");
            assertEquals(List.of("l:linsert:l", "l:lset:l", "l:lrem:l"), ev.drain());
            j.rpoplpush("l", "d");
            assertEquals(List.of("l:lpush:d", "l:rpop:l"), ev.drain());
            j.lmove("d", "l", ListDirection.LEFT, ListDirection.RIGHT);
            assertEquals(List.of("l:rpush:l", "l:lpop:d", "g:del:d"), ev.drain());
            j.ltrim("l", 0, 0);
            assertEquals(List.of("l:ltrim:l"), ev.drain());
            j.rpop("l", 5);
            assertEquals(List.of("l:rpop:l", "g:del:l"), ev.drain());
            j.lpop("l");
            j.lpushx("l", "a");
            assertEquals(List.of(), ev.drain());
        }
    }
}
