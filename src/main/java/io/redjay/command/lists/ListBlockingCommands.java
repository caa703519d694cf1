package io.redjay.command.lists;

import io.redjay.client.Client;
import io.redjay.command.Args;
import io.redjay.command.Blocking;
import io.redjay.command.CommandContext;
import io.redjay.types.ListValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The blocking list commands: BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH.
 *
 * <p><b>Serve or park.</b> Each first tries to serve like its non-blocking form, from the first key that holds a list
 * (a key of another type met on the way is a WRONGTYPE error), and parks the client through {@link Blocking} when
 * every key is empty; inside MULTI/EXEC it answers the timeout reply at once instead.
 *
 * <p><b>Wake-up.</b> When a key gets data, {@link Blocking} runs the parked command again. Like Redis, the woken
 * command is served from the key that woke it and from no other, and only if that key now holds a list: a key of
 * another type leaves the client waiting in its place, as Redis only wakes list waiters for list keys.
 *
 * <p><b>Propagation</b>, as Redis 7.0 rewrites these commands, both when served at once and on wake-up (then as a
 * command of its own, after the write that woke it): BLPOP and BRPOP as {@code LPOP key} / {@code RPOP key}, BLMPOP
 * as {@code LPOP key n} / {@code RPOP key n} with the count actually popped, BRPOPLPUSH as {@code RPOPLPUSH src dst},
 * BLMOVE as {@code LMOVE src dst from to} (the sides as the client wrote them when served at once, {@code left} /
 * {@code right} on wake-up). A command that blocks, times out or fails propagates nothing.
 */
final class ListBlockingCommands {
    private ListBlockingCommands() {
    }

    private static final byte[] LMOVE = bytes("LMOVE");
    private static final byte[] RPOPLPUSH = bytes("RPOPLPUSH");
    private static final byte[] LEFT = bytes("left");
    private static final byte[] RIGHT = bytes("right");
    /** The keys passed to {@link Blocking#block} by a re-run that stays parked (it keeps the keys it has). */
    private static final byte[][] KEEP_KEYS = new byte[0][];

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The list at {@code key} to change, or null when the key is missing or (on a wake-up) holds another type. */
    private static ListValue listIfStillList(CommandContext ctx, byte[] key) {
        return ctx.writeIfType(key, ListValue.class);
    }

    // BLPOP key [key ...] timeout
    static void blpop(CommandContext ctx) {
        popOrBlock(ctx, 1, ctx.argc() - 1, true, ctx.argc() - 1, -1);
    }

    // BRPOP key [key ...] timeout
    static void brpop(CommandContext ctx) {
        popOrBlock(ctx, 1, ctx.argc() - 1, false, ctx.argc() - 1, -1);
    }

    // BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
    static void blmpop(CommandContext ctx) {
        ListCommands.MpopArgs a = ListCommands.MpopArgs.parse(ctx.argv(), 2);
        popOrBlock(ctx, a.firstKey(), a.endKey(), a.head(), 1, a.count());
    }

    /**
     * Serves BLPOP/BRPOP ({@code count} -1: a [key, element] pair) or BLMPOP ({@code count} >= 1: [key, [elements]])
     * from the keys at argument positions [firstKey, endKey), or parks the client.
     */
    private static void popOrBlock(CommandContext ctx, int firstKey, int endKey, boolean head, int timeoutAt,
                                   long count) {
        Client c = ctx.client();
        long deadline = Args.blockingTimeout(c, ctx.arg(timeoutAt));
        if (deadline < 0) {
            return;
        }
        Blocking blocking = ctx.server().blocking();
        if (blocking.isBlocked(c)) {
            byte[] key = blocking.wakingKey();
            ListValue list = listIfStillList(ctx, key);
            if (list == null) {
                blocking.block(ctx, KEEP_KEYS, deadline);
            } else {
                serve(ctx, key, list, head, count);
            }
            return;
        }
        for (int i = firstKey; i < endKey; i++) {
            ListValue list = ctx.write(ctx.arg(i), ListValue.class);
            if (list != null) {
                serve(ctx, ctx.arg(i), list, head, count);
                return;
            }
        }
        if (!blocking.mayBlock(c)) {
            ctx.reply().nullArray();
            return;
        }
        blocking.block(ctx, Arrays.copyOfRange(ctx.argv(), firstKey, endKey), deadline);
    }

    private static void serve(CommandContext ctx, byte[] key, ListValue list, boolean head, long count) {
        if (count != -1) {
            ListCommands.popRangeWithKey(ctx, key, list, head, count);
            return;
        }
        ctx.reply().array(2);
        ctx.reply().bulk(key);
        ListCommands.popOne(ctx, key, list, head);
        ctx.propagateAs(head ? ListCommands.LPOP : ListCommands.RPOP, key);
    }

    // BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout
    static void blmove(CommandContext ctx) {
        boolean fromHead = ListCommands.isLeft(ctx.arg(3));
        boolean toHead = ListCommands.isLeft(ctx.arg(4));
        moveOrBlock(ctx, fromHead, toHead, 5, false);
    }

    // BRPOPLPUSH source destination timeout
    static void brpoplpush(CommandContext ctx) {
        moveOrBlock(ctx, false, true, 3, true);
    }

    private static void moveOrBlock(CommandContext ctx, boolean fromHead, boolean toHead, int timeoutAt,
                                    boolean rpoplpush) {
        Client c = ctx.client();
        long deadline = Args.blockingTimeout(c, ctx.arg(timeoutAt));
        if (deadline < 0) {
            return;
        }
        Blocking blocking = ctx.server().blocking();
        boolean woken = blocking.isBlocked(c);
        byte[] src = ctx.arg(1);
        ListValue source = woken ? listIfStillList(ctx, src) : ctx.write(src, ListValue.class);
        if (source == null) {
            if (woken) {
                blocking.block(ctx, KEEP_KEYS, deadline);
            } else if (!blocking.mayBlock(c)) {
                ctx.reply().nullBulk();
            } else {
                blocking.block(ctx, new byte[][] {src}, deadline);
            }
            return;
        }
        ListCommands.move(ctx, source, fromHead, toHead);
        if (rpoplpush) {
            ctx.propagateAs(RPOPLPUSH, src, ctx.arg(2));
        } else if (woken) {
            ctx.propagateAs(LMOVE, src, ctx.arg(2), fromHead ? LEFT : RIGHT, toHead ? LEFT : RIGHT);
        } else {
            ctx.propagateAs(LMOVE, src, ctx.arg(2), ctx.arg(3), ctx.arg(4));
        }
    }
}
