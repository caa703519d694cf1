package io.redjay.sort;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SortingParams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SORT ... STORE reports "sortstore" (list class) on the destination when it stores something and a generic "del"
 * when an empty result removes an existing destination; a plain SORT and an empty result on a missing destination
 * change nothing and report nothing.
 */
class SortEventsTest {
    private static final class Recorder implements KeyspaceListener {
        final List<String> events = new ArrayList<>();
        int modified;

        @Override
        public synchronized void keyModified(Database db, byte[] key) {
            modified++;
        }

        @Override
        public synchronized void keyEvent(Database db, int type, String event, byte[] key) {
            if (type == Events.LIST || type == Events.GENERIC) {
                String kind = type == Events.LIST ? "l" : "g";
                events.add(kind + ":" + event + ":" + new String(key, StandardCharsets.UTF_8));
            }
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
            modified = 0;
            return copy;
        }
    }

    @Test
    void storeEvents() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            j.rpush("l", "2", "1");
            Recorder ev = new Recorder();
            s.server().keyspace().listener(ev);
            j.sort("l");
            j.sortReadonly("l", new SortingParams().desc());
            assertEquals(List.of(), ev.drain());
            j.sort("l", "dst");
            assertEquals(List.of("l:sortstore:dst"), ev.drain());
            j.sort("l", new SortingParams().desc(), "dst");
            assertEquals(List.of("l:sortstore:dst"), ev.drain());
            j.sort("l", new SortingParams().limit(5, 1), "dst");
            assertEquals(List.of("g:del:dst"), ev.drain());
            j.sort("l", new SortingParams().limit(5, 1), "dst");
            assertEquals(List.of(), ev.drain());
            assertEquals(0, ev.modified);
        }
    }
}
