package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.config.Config;
import io.redjay.keyspace.AccessClock;
import io.redjay.keyspace.KeyEntry;
import io.redjay.types.Numbers;
import io.redjay.types.ValueTypes;

/**
 * OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP: introspection of one key's value.
 *
 * <p>Lookups here never update the access time, otherwise asking for IDLETIME would reset it.
 *
 * <p>Redjay keeps no reference-counted object headers, so REFCOUNT reports what Redis would: small non-negative
 * integers (below 10000) are Redis's shared integer objects, whose refcount is INT_MAX, unless an LRU/LFU maxmemory
 * policy is active (Redis then stops sharing them so each key can carry its own access clock); every other value has
 * a single owner. FREQ and IDLETIME read the key's access field ({@link AccessClock}), which holds an LFU counter or
 * an LRU clock depending on the policy, so each is refused under the other kind of policy, as in Redis.
 */
public final class ObjectCommand {
    private ObjectCommand() {
    }

    private static final int SHARED_INTEGERS = 10000;
    private static final int SHARED_REFCOUNT = Integer.MAX_VALUE;

    private static final String[] HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    };

    private static final CommandError LFU_NOT_SELECTED = CommandError.of("ERR An LFU maxmemory policy is not "
            + "selected, access frequency not tracked. Please note that when switching between policies at runtime "
            + "LRU and LFU data will take some time to adjust.");
    private static final CommandError LFU_SELECTED = CommandError.of("ERR An LFU maxmemory policy is selected, idle "
            + "time not tracked. Please note that when switching between policies at runtime LRU and LFU data will "
            + "take some time to adjust.");

    /** The entry for OBJECT's key argument without touching it, or null after replying a null. */
    private static KeyEntry lookup(CommandContext ctx) {
        KeyEntry e = ctx.db().lookupNoTouchQuiet(ctx.arg(2));
        if (e == null) {
            ctx.reply().nullBulk();
        }
        return e;
    }

    // OBJECT ENCODING key
    static void encoding(CommandContext ctx) {
        KeyEntry e = lookup(ctx);
        if (e != null) {
            ctx.reply().bulk(ValueTypes.encoding(e));
        }
    }

    // OBJECT FREQ key
    static void freq(CommandContext ctx) {
        KeyEntry e = lookup(ctx);
        if (e == null) {
            return;
        }
        if (!isLfu(ctx.config())) {
            throw LFU_NOT_SELECTED;
        }
        ctx.reply().integer(ctx.server().keyspace().access().decayed(e.access(), ctx.now()));
    }

    // OBJECT IDLETIME key
    static void idletime(CommandContext ctx) {
        KeyEntry e = lookup(ctx);
        if (e == null) {
            return;
        }
        if (isLfu(ctx.config())) {
            throw LFU_SELECTED;
        }
        ctx.reply().integer(AccessClock.idleMillis(e.access(), ctx.now()) / 1000);
    }

    // OBJECT REFCOUNT key
    static void refcount(CommandContext ctx) {
        KeyEntry e = lookup(ctx);
        if (e != null) {
            ctx.reply().integer(isSharedInteger(ctx.config(), e.value()) ? SHARED_REFCOUNT : 1);
        }
    }

    // OBJECT HELP
    static void help(CommandContext ctx) {
        ctx.reply().array(HELP.length);
        for (String line : HELP) {
            ctx.reply().simple(line);
        }
    }

    private static boolean isLfu(Config config) {
        return config.maxmemoryPolicy.endsWith("-lfu");
    }

    private static boolean isSharedInteger(Config config, Object value) {
        if (!(value instanceof byte[] b) || b.length > 4 || !Numbers.isValidLong(b)) {
            return false;
        }
        long v = Numbers.parseLong(b);
        if (v < 0 || v >= SHARED_INTEGERS) {
            return false;
        }
        boolean perKeyClock = config.maxmemory != 0
                && (config.maxmemoryPolicy.endsWith("-lru") || config.maxmemoryPolicy.endsWith("-lfu"));
        return !perKeyClock;
    }
}
