package io.redjay.server;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyspaceListener;

/**
 * Where the keyspace's single write funnel fans out to the modules that react to changes: blocked clients waiting on a
 * key today; WATCH, keyspace notifications and propagation of expirations attach here too, so commands never signal
 * anything themselves.
 */
final class KeyspaceSignals implements KeyspaceListener {
    private final Server server;

    KeyspaceSignals(Server server) {
        this.server = server;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        server.blocking().keyModified(db, key);
    }

    @Override
    public void keyEvent(Database db, int type, String event, byte[] key) {
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
    }

    @Override
    public void databaseChanged(Database db) {
        server.blocking().databaseChanged(db);
    }
}
