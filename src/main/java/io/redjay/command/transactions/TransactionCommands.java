package io.redjay.command.transactions;

import io.redjay.client.Client;
import io.redjay.command.CommandContext;
import io.redjay.command.Dispatcher;
import io.redjay.transaction.QueuedCommand;
import io.redjay.transaction.TransactionState;
import io.redjay.transaction.WatchRegistry;

import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * <p>Queueing happens in the dispatcher, after every check a command would meet if it ran at once: a command that
 * fails one of them is rejected on the spot and dooms the transaction, one that passes is queued and answered
 * {@code +QUEUED}. EXEC then runs the queue through the dispatcher's {@code call}, so each queued command is counted,
 * slow-logged and shown to MONITOR like any other. Because all commands run on the single executor, nothing of
 * another client can interleave: the whole EXEC is one step, and clients blocked on keys it writes are served only
 * when it returns (the dispatcher serves them after the top-level command, never after a nested {@code call}).
 *
 * <p>WATCH is optimistic locking: the {@link WatchRegistry} remembers (database, key) pairs and flags the watching
 * clients when the keyspace's write funnel reports a change; EXEC of a flagged client runs nothing and replies a null
 * array.
 */
public final class TransactionCommands {
    private TransactionCommands() {
    }

    // MULTI
    static void multi(CommandContext ctx) {
        Client c = ctx.client();
        TransactionState t = c.transaction();
        if (t.inMulti()) {
            ctx.reply().error("ERR MULTI calls can not be nested");
            return;
        }
        t.begin();
        ctx.reply().ok();
    }

    // EXEC
    static void exec(CommandContext ctx) {
        Client c = ctx.client();
        TransactionState t = c.transaction();
        if (!t.inMulti()) {
            ctx.reply().error("ERR EXEC without MULTI");
            return;
        }
        WatchRegistry watches = ctx.server().watches();
        if (watches.watchedKeyExpired(c)) {
            t.flagTouched();
        }
        if (t.queueRejected() || t.dirty()) {
            if (t.queueRejected()) {
                ctx.reply().error("EXECABORT Transaction discarded because of previous errors.");
            } else {
                ctx.reply().nullArray();
            }
            watches.discard(c);
            return;
        }
        watches.unwatchAll(c);
        List<QueuedCommand> queue = t.queued();
        Dispatcher dispatcher = ctx.server().dispatcher();
        ctx.reply().array(queue.size());
        c.executingTransaction(true);
        try {
            for (QueuedCommand q : queue) {
                dispatcher.call(c, dispatcher.resolve(q.argv()), q.argv());
            }
        } finally {
            c.executingTransaction(false);
            watches.discard(c);
        }
    }

    // DISCARD
    static void discard(CommandContext ctx) {
        Client c = ctx.client();
        if (!c.transaction().inMulti()) {
            ctx.reply().error("ERR DISCARD without MULTI");
            return;
        }
        ctx.server().watches().discard(c);
        ctx.reply().ok();
    }

    // WATCH key [key ...]
    static void watch(CommandContext ctx) {
        Client c = ctx.client();
        TransactionState t = c.transaction();
        if (t.inMulti()) {
            ctx.reply().error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        if (!t.dirty()) {
            WatchRegistry watches = ctx.server().watches();
            for (int i = 1; i < ctx.argc(); i++) {
                watches.watch(c, ctx.db(), ctx.arg(i));
            }
        }
        ctx.reply().ok();
    }

    // UNWATCH
    static void unwatch(CommandContext ctx) {
        Client c = ctx.client();
        ctx.server().watches().unwatch(c);
        ctx.reply().ok();
    }
}
