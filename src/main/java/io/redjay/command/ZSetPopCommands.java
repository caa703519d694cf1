package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.client.Client;
import io.redjay.types.Numbers;
import io.redjay.types.ZSetValue;

import java.util.Arrays;

/**
 * Popping the lowest or highest members: ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX and
 * BZMPOP.
 *
 * <p>One routine pops and replies for all of them; the forms differ only in the reply shape (flat pairs, pairs nested
 * in RESP3, the key in front, the whole thing nested under the key) and in what "nothing to pop" answers (an empty
 * array or a null). A blocking form first tries exactly what the non-blocking one would; when every key is empty it
 * parks the client with {@code Blocking.block} and writes nothing. When a key gets data the server runs the command
 * again, so this code has no separate wake-up path.
 */
public final class ZSetPopCommands {
    private ZSetPopCommands() {
    }

    // ZPOPMIN key [count]
    static void zpopmin(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        popMinMax(c, argv, false);
    }

    // ZPOPMAX key [count]
    static void zpopmax(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        popMinMax(c, argv, true);
    }

    private static void popMinMax(Client c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        long count = -1;
        if (argv.length == 3) {
            count = Numbers.parseLong(argv[2]);
            if (!Args.isLong(argv[2]) || count < 0) {
                c.reply().error("ERR value is out of range, must be positive");
                return;
            }
        }
        boolean nested = c.reply().resp3() && count != -1;
        pop(c, Arrays.copyOfRange(argv, 1, 2), max, false, count, nested, false);
    }

    // ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]
    static void zmpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        mpop(c, argv, 1, false);
    }

    // BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]
    static void bzmpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        mpop(c, argv, 2, true);
    }

    private static void mpop(Client c, byte[][] argv, int numkeysIndex, boolean blocking) {
        long numkeys = Numbers.parseLong(argv[numkeysIndex]);
        if (!Args.isLong(argv[numkeysIndex]) || numkeys < 1) {
            c.reply().error("ERR numkeys should be greater than 0");
            return;
        }
        long whereIndex = numkeysIndex + numkeys + 1;
        if (whereIndex >= argv.length) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        boolean max;
        if (Text.is(argv[(int) whereIndex], "min")) {
            max = false;
        } else if (Text.is(argv[(int) whereIndex], "max")) {
            max = true;
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        long count = -1;
        for (int j = (int) whereIndex + 1; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (count == -1 && Text.is(argv[j], "count") && more) {
                j++;
                count = Numbers.parseLong(argv[j]);
                if (!Args.isLong(argv[j]) || count < 1) {
                    c.reply().error("ERR count should be greater than 0");
                    return;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (count == -1) {
            count = 1;
        }
        byte[][] keys = Arrays.copyOfRange(argv, numkeysIndex + 1, numkeysIndex + 1 + (int) numkeys);
        if (blocking) {
            blockingPop(c, keys, argv[1], max, count, true, true);
        } else {
            pop(c, keys, max, true, count, true, true);
        }
    }

    // BZPOPMIN key [key ...] timeout
    static void bzpopmin(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        blockingPop(c, Arrays.copyOfRange(argv, 1, argv.length - 1), argv[argv.length - 1], false, -1, false,
                false);
    }

    // BZPOPMAX key [key ...] timeout
    static void bzpopmax(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        blockingPop(c, Arrays.copyOfRange(argv, 1, argv.length - 1), argv[argv.length - 1], true, -1, false,
                false);
    }

    private static void blockingPop(Client c, byte[][] keys, byte[] timeout, boolean max, long count,
                                    boolean nested, boolean nilWhenEmpty) {
        long deadline = Args.blockingTimeout(c, timeout);
        if (deadline < 0) {
            return;
        }
        Database db = c.db();
        boolean rerun = c.server().blocking().isBlocked(c);
        for (byte[] key : keys) {
            KeyEntry e = db.lookupWrite(key);
            if (e == null || rerun && !(e.value() instanceof ZSetValue)) {
                continue;
            }
            if (ZSetCommands.wrongType(c, e)) {
                return;
            }
            if (((ZSetValue) e.value()).size() == 0) {
                continue;
            }
            pop(c, new byte[][] {key}, max, true, count, nested, nilWhenEmpty);
            return;
        }
        if (!c.server().blocking().mayBlock(c)) {
            c.reply().nullArray();
            return;
        }
        c.server().blocking().block(c, keys, deadline);
    }

    /**
     * Redis's genericZpopCommand: pops up to {@code count} (-1 = one, unnested) elements from the first existing key
     * and replies in the shape the command asks for.
     */
    private static void pop(Client c, byte[][] keys, boolean max, boolean emitKey, long count, boolean nested,
                            boolean nilWhenEmpty) {
        Database db = c.db();
        byte[] key = null;
        ZSetValue z = null;
        for (byte[] k : keys) {
            KeyEntry e = db.lookupWrite(k);
            if (e == null) {
                continue;
            }
            if (ZSetCommands.wrongType(c, e)) {
                return;
            }
            key = k;
            z = (ZSetValue) e.value();
            break;
        }
        if (z == null) {
            if (nilWhenEmpty) {
                c.reply().nullArray();
            } else {
                c.reply().emptyArray();
            }
            return;
        }
        if (count == 0) {
            c.reply().emptyArray();
            return;
        }
        if (count == -1) {
            count = 1;
        }
        long n = Math.min(count, z.size());
        if (!nested && !emitKey) {
            c.reply().array((int) (n * 2));
        } else if (nested && !emitKey) {
            c.reply().array((int) n);
        } else if (!nested) {
            c.reply().array((int) (n * 2 + 1));
            c.reply().bulk(key);
        } else {
            c.reply().array(2);
            c.reply().bulk(key);
            c.reply().array((int) n);
        }
        for (long i = 0; i < n; i++) {
            z.pop(max, (m, s) -> {
                if (nested) {
                    c.reply().array(2);
                }
                c.reply().bulk(m);
                c.reply().doubleValue(s);
            });
        }
        ZSetCommands.changed(db, key, z, max ? "zpopmax" : "zpopmin");
    }
}
