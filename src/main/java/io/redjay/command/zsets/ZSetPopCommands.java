package io.redjay.command.zsets;

import io.redjay.command.Args;
import io.redjay.command.Blocking;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Text;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.Numbers;
import io.redjay.types.ZSetValue;

/**
 * Popping the lowest or highest members: ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX and
 * BZMPOP.
 *
 * <p>One routine pops and replies for all of them; the forms differ only in the reply shape (flat pairs, pairs nested
 * in RESP3, the key in front, the whole thing nested under the key) and in what "nothing to pop" answers (an empty
 * array or a null). A blocking form first tries exactly what the non-blocking one would; when every key is empty it
 * parks the client with {@code Blocking.block} and writes nothing. When a key gets data the server runs the command
 * again, so this code has no separate wake-up path; on such a retry a key that now holds another type is skipped
 * ({@link CommandContext#writeIfType}) and the client keeps waiting.
 *
 * <p>Propagation, as Redis's: ZPOPMIN and ZPOPMAX go out verbatim (when they popped anything); every other form is
 * replayed as the ZPOPMIN/ZPOPMAX of the one key it popped from: {@code ZPOPMIN key} for BZPOPMIN/BZPOPMAX, and
 * {@code ZPOPMIN key n} for ZMPOP and BZMPOP, {@code n} being the number of members actually popped. A blocked
 * client served later propagates the same form, since serving it is running the command again; one that times out
 * propagates nothing. Each member popped counts one write.
 */
public final class ZSetPopCommands {
    private static final byte[] ZPOPMIN = Text.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Text.bytes("ZPOPMAX");
    private static final CommandError NOT_POSITIVE = CommandError.of("ERR value is out of range, must be positive");
    private static final CommandError NUMKEYS = CommandError.of("ERR numkeys should be greater than 0");
    private static final CommandError COUNT = CommandError.of("ERR count should be greater than 0");

    /** How a pop replies and propagates. */
    private enum Form {
        /** ZPOPMIN/ZPOPMAX: flat pairs (nested in RESP3 when a count is given), an empty array when nothing. */
        POP,
        /** BZPOPMIN/BZPOPMAX: the key, then one flat pair; propagated as ZPOPMIN/ZPOPMAX key. */
        BLOCKING_POP,
        /** ZMPOP/BZMPOP: [key, [pairs]], a null when nothing; propagated as ZPOPMIN/ZPOPMAX key count. */
        MPOP
    }

    private ZSetPopCommands() {
    }

    // ZPOPMIN key [count]
    static void zpopmin(CommandContext ctx) {
        popMinMax(ctx, false);
    }

    // ZPOPMAX key [count]
    static void zpopmax(CommandContext ctx) {
        popMinMax(ctx, true);
    }

    private static void popMinMax(CommandContext ctx, boolean max) {
        if (ctx.argc() > 3) {
            throw CommandError.SYNTAX;
        }
        long count = -1;
        if (ctx.argc() == 3) {
            byte[] arg = ctx.arg(2);
            count = Numbers.parseLong(arg);
            if (!Args.isLong(arg) || count < 0) {
                throw NOT_POSITIVE;
            }
        }
        byte[] key = ctx.arg(1);
        ZSetValue z = ctx.write(key, ZSetValue.class);
        if (z == null) {
            ctx.reply().emptyArray();
            return;
        }
        pop(ctx, key, z, max, Form.POP, count);
    }

    // ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]
    static void zmpop(CommandContext ctx) {
        mpop(ctx, 1, false);
    }

    // BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]
    static void bzmpop(CommandContext ctx) {
        mpop(ctx, 2, true);
    }

    private static void mpop(CommandContext ctx, int numkeysIndex, boolean blocking) {
        byte[] numkeysArg = ctx.arg(numkeysIndex);
        long numkeys = Numbers.parseLong(numkeysArg);
        if (!Args.isLong(numkeysArg) || numkeys < 1) {
            throw NUMKEYS;
        }
        long whereIndex = numkeysIndex + numkeys + 1;
        if (whereIndex >= ctx.argc()) {
            throw CommandError.SYNTAX;
        }
        boolean max;
        if (Text.is(ctx.arg((int) whereIndex), "min")) {
            max = false;
        } else if (Text.is(ctx.arg((int) whereIndex), "max")) {
            max = true;
        } else {
            throw CommandError.SYNTAX;
        }
        long count = -1;
        for (int j = (int) whereIndex + 1; j < ctx.argc(); j++) {
            boolean more = j < ctx.argc() - 1;
            if (count == -1 && Text.is(ctx.arg(j), "count") && more) {
                j++;
                count = Numbers.parseLong(ctx.arg(j));
                if (!Args.isLong(ctx.arg(j)) || count < 1) {
                    throw COUNT;
                }
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (count == -1) {
            count = 1;
        }
        int firstKey = numkeysIndex + 1;
        int lastKey = firstKey + (int) numkeys - 1;
        if (blocking) {
            blockingPop(ctx, firstKey, lastKey, ctx.arg(1), max, Form.MPOP, count);
            return;
        }
        for (int k = firstKey; k <= lastKey; k++) {
            byte[] key = ctx.arg(k);
            ZSetValue z = ctx.write(key, ZSetValue.class);
            if (z != null) {
                pop(ctx, key, z, max, Form.MPOP, count);
                return;
            }
        }
        ctx.reply().nullArray();
    }

    // BZPOPMIN key [key ...] timeout
    static void bzpopmin(CommandContext ctx) {
        blockingPop(ctx, 1, ctx.argc() - 2, ctx.arg(ctx.argc() - 1), false, Form.BLOCKING_POP, -1);
    }

    // BZPOPMAX key [key ...] timeout
    static void bzpopmax(CommandContext ctx) {
        blockingPop(ctx, 1, ctx.argc() - 2, ctx.arg(ctx.argc() - 1), true, Form.BLOCKING_POP, -1);
    }

    /**
     * Pops from the first of the keys {@code argv[firstKey..lastKey]} that has members, or blocks on all of them
     * (outside a transaction; inside one, replies a null array as a timeout would).
     */
    private static void blockingPop(CommandContext ctx, int firstKey, int lastKey, byte[] timeout, boolean max,
                                    Form form, long count) {
        long deadline = Args.blockingTimeout(ctx.client(), timeout);
        if (deadline < 0) {
            return;
        }
        Blocking blocking = ctx.server().blocking();
        boolean retry = blocking.isBlocked(ctx.client());
        for (int k = firstKey; k <= lastKey; k++) {
            byte[] key = ctx.arg(k);
            ZSetValue z = retry ? ctx.writeIfType(key, ZSetValue.class) : ctx.write(key, ZSetValue.class);
            if (z == null || z.size() == 0) {
                continue;
            }
            if (retry) {
                z = ctx.write(key, ZSetValue.class);
            }
            pop(ctx, key, z, max, form, count);
            return;
        }
        if (!blocking.mayBlock(ctx.client())) {
            ctx.reply().nullArray();
            return;
        }
        byte[][] keys = new byte[lastKey - firstKey + 1][];
        System.arraycopy(ctx.argv(), firstKey, keys, 0, keys.length);
        blocking.block(ctx, keys, deadline);
    }

    /**
     * Redis's genericZpopCommand on the key found: pops up to {@code count} (-1 = one, unnested) members of {@code z},
     * replies in the shape of {@code form}, and sets the propagated form.
     */
    private static void pop(CommandContext ctx, byte[] key, ZSetValue z, boolean max, Form form, long count) {
        ReplyWriter w = ctx.reply();
        if (count == 0) {
            w.emptyArray();
            return;
        }
        boolean nested = form == Form.MPOP || form == Form.POP && count != -1 && w.resp3();
        long n = Math.min(count == -1 ? 1 : count, z.size());
        switch (form) {
            case POP -> w.array((int) (nested ? n : n * 2));
            case BLOCKING_POP -> {
                w.array((int) (n * 2 + 1));
                w.bulk(key);
            }
            default -> {
                w.array(2);
                w.bulk(key);
                w.array((int) n);
            }
        }
        for (long i = 0; i < n; i++) {
            z.pop(max, (m, s) -> {
                if (nested) {
                    w.array(2);
                }
                w.bulk(m);
                w.doubleValue(s);
            });
        }
        ZSetCommands.changed(ctx, key, z, max ? "zpopmax" : "zpopmin", n);
        byte[] name = max ? ZPOPMAX : ZPOPMIN;
        if (!ctx.propagating()) {
            return;
        }
        if (form == Form.BLOCKING_POP) {
            ctx.propagateAs(name, key);
        } else if (form == Form.MPOP) {
            ctx.propagateAs(name, key, Numbers.longToBytes(n));
        }
    }
}
