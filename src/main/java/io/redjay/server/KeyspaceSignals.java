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

    /** A key is about to change: a snapshot in progress saves its old value first. */
    @Override
    public void beforeWrite(Database db, io.redjay.keyspace.KeyEntry entry) {
        server.rdb().beforeWrite(db, entry);
        server.aof().beforeWrite(db, entry);
    }

    @Override
    public void beforeReplaceAll(Database db) {
        server.rdb().beforeReplaceAll(db);
        server.aof().beforeReplaceAll(db);
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

    /**
     * A key expired (lazily inside a command, or by the active cycle): replicas and the AOF get its deletion. Inside
     * a command the DEL joins the command's own propagation, ahead of it; outside one it goes out at once, unwrapped.
     */
    @Override
    public void keyExpired(Database db, byte[] key) {
        propagateDeletion(db, key, server.config().lazyfreeLazyExpire);
    }

    /**
     * A key was evicted, before the command that needed the memory runs: its deletion goes out on its own, never
     * inside that command's MULTI block, as Redis propagates evictions.
     */
    @Override
    public void keyEvicted(Database db, byte[] key) {
        propagateDeletion(db, key, server.config().lazyfreeLazyEviction);
    }

    private void propagateDeletion(Database db, byte[] key, boolean lazy) {
        io.redjay.command.Propagator p = server.propagator();
        if (!p.active(io.redjay.command.Propagator.ALL)) {
            return;
        }
        p.add(db.id(), new byte[][] {lazy ? UNLINK : DEL, key}, io.redjay.command.Propagator.ALL);
        if (!server.dispatcher().inCommand()) {
            p.flush(false);
        }
    }

    private static final byte[] DEL = {'D', 'E', 'L'};
    private static final byte[] UNLINK = {'U', 'N', 'L', 'I', 'N', 'K'};

    @Override
    public void databaseChanged(Database db) {
        server.blocking().databaseChanged(db);
        server.watches().databaseChanged(db);
    }
}
