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
        server.watches().keyModified(db, key);
    }

    @Override
    public void keyEvent(Database db, int type, String event, byte[] key) {
        int flags = server.config().notifyKeyspaceEvents;
        if ((flags & type) != 0) {
            server.pubsub().notifyKeyspaceEvent(flags, db.id(), event, key);
        }
    }

    @Override
    public boolean wants(int type) {
        return (server.config().notifyKeyspaceEvents & type) != 0;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
    }

    @Override
    public void databaseChanged(Database db) {
        server.blocking().databaseChanged(db);
        server.watches().databaseChanged(db);
    }
}
