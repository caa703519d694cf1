package io.redjay.keys;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyspaceListener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records keyspace events as "db:type:event:key" strings; installed on a test server's keyspace. */
final class EventRecorder implements KeyspaceListener {
    private final List<String> events = new ArrayList<>();

    @Override
    public void keyModified(Database db, byte[] key) {
    }

    @Override
    public synchronized void keyEvent(Database db, int type, String event, byte[] key) {
        events.add(db.id() + ":" + type + ":" + event + ":" + new String(key, StandardCharsets.ISO_8859_1));
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
