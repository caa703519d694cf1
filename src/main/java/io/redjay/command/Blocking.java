package io.redjay.command;

import io.netty.util.concurrent.ScheduledFuture;
import io.redjay.client.Client;
import io.redjay.keyspace.Database;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Clients parked by blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...), and waking them when their keys get data.
 *
 * <p><b>How a command blocks.</b> Its handler first tries to serve the request as the non-blocking form would; when no
 * key has data it calls {@link #block} and writes no reply. The client is suspended: its later requests queue behind
 * the blocked one, and no thread is held.
 *
 * <p><b>How it wakes.</b> Every write funnels through {@code Database.modified}, which tells this class (through the
 * keyspace listener) that a key changed. A changed key with waiters becomes "ready"; after the command that changed it
 * completes, {@link #serveReady} re-executes the blocked commands of the waiters of each ready key, oldest first.
 * A re-executed command either serves itself (and the client is unblocked and resumes its queue) or finds nothing and
 * stays blocked in its place. Re-executing the real command, rather than type-specific serve code, means a wake-up
 * does exactly what the command would have done, for every blocking command alike; a push inside MULTI, a RENAME onto
 * the key or a MOVE into the database all wake waiters the same way because they all pass the funnel.
 *
 * <p>A re-executed handler can tell it is a wake-up attempt by {@link #isBlocked}, and which key woke it by
 * {@link #wakingKey}: a key that now holds another type is then skipped rather than answered with WRONGTYPE, so the
 * client keeps waiting, as Redis keeps it.
 *
 * <p><b>Timeouts</b> are executor timers; on expiry the client gets a null array, as Redis replies.
 */
public final class Blocking {
    private final ServerView server;
    private final Map<Integer, Map<ByteBuffer, ArrayDeque<Client>>> waiters = new HashMap<>();
    private final LinkedHashSet<ReadyKey> ready = new LinkedHashSet<>();
    private final Map<Client, Parked> parked = new HashMap<>();
    private boolean serving;
    private byte[] wakingKey;
    /** Deadlines further away than this (about 30 years) need no timer: the wait is forever for practical purposes. */
    private static final long FOREVER_MILLIS = 1_000_000_000_000L;

    private record ReadyKey(int db, ByteBuffer key) {
    }

    private static final class Parked {
        final Command cmd;
        final byte[][] argv;
        final int db;
        final List<ByteBuffer> keys;
        ScheduledFuture<?> timer;
        boolean stillBlocked;

        Parked(Command cmd, byte[][] argv, int db, List<ByteBuffer> keys) {
            this.cmd = cmd;
            this.argv = argv;
            this.db = db;
            this.keys = keys;
        }
    }

    public Blocking(ServerView server) {
        this.server = server;
    }

    /** Whether a command may block now: not inside MULTI/EXEC or a script, where blocking forms act non-blocking. */
    public boolean mayBlock(Client c) {
        return !c.executingTransaction();
    }

    /**
     * Parks {@code c} on {@code keys} of its current database until one gets data or {@code deadlineMillis} (unix ms,
     * 0 = forever) passes. Called by the handler that found nothing to serve; it must not reply. When called while
     * the client's own blocked command is being re-executed, the client simply stays blocked in its place.
     */
    public void block(CommandContext ctx, byte[][] keys, long deadlineMillis) {
        Client c = ctx.client();
        Parked already = parked.get(c);
        if (already != null) {
            already.stillBlocked = true;
            return;
        }
        Database db = c.db();
        List<ByteBuffer> keyList = new ArrayList<>(keys.length);
        Map<ByteBuffer, ArrayDeque<Client>> dbWaiters = waiters.computeIfAbsent(db.id(), k -> new HashMap<>());
        for (byte[] k : keys) {
            ByteBuffer kb = ByteBuffer.wrap(k);
            if (keyList.contains(kb)) {
                continue;
            }
            keyList.add(kb);
            dbWaiters.computeIfAbsent(kb, x -> new ArrayDeque<>()).addLast(c);
        }
        Parked p = new Parked(ctx.command(), ctx.argv(), db.id(), keyList);
        parked.put(c, p);
        long delay = Math.max(0, deadlineMillis - System.currentTimeMillis());
        if (deadlineMillis > 0 && delay < FOREVER_MILLIS) {
            p.timer = server.executor().schedule(() -> timeout(c), delay, TimeUnit.MILLISECONDS);
        }
        c.suspend();
    }

    /**
     * The ready key whose waiter is being re-executed (null outside {@link #serveReady}). Redis serves a woken
     * client from the key that woke it only, so a command waiting on several keys looks at this one on a re-run.
     */
    public byte[] wakingKey() {
        return wakingKey;
    }

    public boolean isBlocked(Client c) {
        return parked.containsKey(c);
    }

    /** Number of blocked clients, for INFO's {@code blocked_clients}. */
    public int blockedClients() {
        return parked.size();
    }

    /** Number of distinct keys with waiters, for INFO's {@code total_blocking_keys}. */
    public int blockingKeys() {
        int n = 0;
        for (Map<ByteBuffer, ArrayDeque<Client>> m : waiters.values()) {
            n += m.size();
        }
        return n;
    }

    /** Keyspace funnel: a key changed; if anyone waits on it, it will be tried after the current command. */
    public void keyModified(Database db, byte[] key) {
        Map<ByteBuffer, ArrayDeque<Client>> dbWaiters = waiters.get(db.id());
        if (dbWaiters == null) {
            return;
        }
        ByteBuffer kb = ByteBuffer.wrap(key);
        if (dbWaiters.containsKey(kb)) {
            ready.add(new ReadyKey(db.id(), kb));
        }
    }

    /** Every key of {@code db} (or of all databases when null) may have changed: FLUSHALL, SWAPDB. */
    public void databaseChanged(Database db) {
        for (Map.Entry<Integer, Map<ByteBuffer, ArrayDeque<Client>>> e : waiters.entrySet()) {
            if (db == null || db.id() == e.getKey()) {
                for (ByteBuffer k : e.getValue().keySet()) {
                    ready.add(new ReadyKey(e.getKey(), k));
                }
            }
        }
    }

    /** Re-executes the blocked commands waiting on ready keys, until no key is ready. */
    public void serveReady() {
        if (serving || ready.isEmpty() || server.scripting().busy()) {
            return; // a busy script's writes are served once it is over, never halfway through it
        }
        serving = true;
        try {
            while (!ready.isEmpty()) {
                ReadyKey rk = ready.iterator().next();
                ready.remove(rk);
                Map<ByteBuffer, ArrayDeque<Client>> dbWaiters = waiters.get(rk.db());
                ArrayDeque<Client> queue = dbWaiters == null ? null : dbWaiters.get(rk.key());
                if (queue == null) {
                    continue;
                }
                for (Client c : new ArrayList<>(queue)) {
                    Parked p = parked.get(c);
                    if (p == null) {
                        continue;
                    }
                    p.stillBlocked = false;
                    wakingKey = rk.key().array();
                    try {
                        server.dispatcher().call(c, p.cmd, p.argv);
                    } finally {
                        wakingKey = null;
                    }
                    if (!p.stillBlocked) {
                        unblock(c);
                        server.resume(c);
                    } else if (!server.keyspace().db(rk.db()).exists(rk.key().array())) {
                        break;
                    }
                }
            }
        } finally {
            serving = false;
        }
    }

    private void timeout(Client c) {
        if (!parked.containsKey(c)) {
            return;
        }
        c.reply().nullArray();
        unblock(c);
        server.resume(c);
    }

    /** CLIENT UNBLOCK: ends the wait as a timeout would, or with an UNBLOCKED error. Returns false if not blocked. */
    public boolean unblockByRequest(Client c, boolean withError) {
        if (!parked.containsKey(c)) {
            return false;
        }
        if (withError) {
            c.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        } else {
            c.reply().nullArray();
        }
        unblock(c);
        server.resume(c);
        return true;
    }

    /**
     * The server became a replica: every client blocked on keys gets Redis's UNBLOCKED error and is closed after
     * it, since what it waited for will now come from the master, or never (Redis's
     * {@code disconnectAllBlockedClients}).
     */
    public void disconnectAll() {
        for (Client c : new java.util.ArrayList<>(parked.keySet())) {
            c.reply().error("UNBLOCKED force unblock from blocking operation, instance state changed "
                    + "(master -> replica?)");
            unblock(c);
            c.closeAfterReply();
            server.resume(c);
        }
    }

    /** Removes the client from every wait queue (served, timed out, disconnected). */
    public void unblock(Client c) {
        Parked p = parked.remove(c);
        if (p == null) {
            return;
        }
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        Map<ByteBuffer, ArrayDeque<Client>> dbWaiters = waiters.get(p.db);
        if (dbWaiters != null) {
            for (ByteBuffer k : p.keys) {
                ArrayDeque<Client> q = dbWaiters.get(k);
                if (q != null) {
                    q.remove(c);
                    if (q.isEmpty()) {
                        dbWaiters.remove(k);
                    }
                }
            }
        }
    }
}
