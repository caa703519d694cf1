package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Errors;
import io.redjay.command.ScanOptions;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.Glob;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.types.Copyable;
import io.redjay.types.Numbers;
import io.redjay.types.ValueTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generic key commands: existence, deletion, renaming and moving between databases, enumeration (KEYS, SCAN,
 * RANDOMKEY) and TYPE.
 *
 * <p>Every handler reads through {@link Database#lookup} (or its no-touch and write variants), so a key whose TTL has
 * passed behaves as missing everywhere without each command checking. Enumeration is the exception that has to look:
 * KEYS walks the table itself and skips keys that are logically expired without deleting them (a read-only command
 * should not reshape the table it is walking), while SCAN deletes the expired keys it met once the step is over, as
 * Redis does, so that a long scan also reclaims memory.
 *
 * <p>Commands that relocate a value (RENAME, MOVE) re-insert the same value object under the new name and carry the
 * absolute expiry time over; COPY duplicates it (strings by cloning the bytes, aggregates through
 * {@link Copyable}). Each changed key goes through {@link Database#modified} once, with Redis's event names, and
 * the dirty counter moves as Redis's {@code server.dirty}: one per deleted key, one per RENAME, MOVE or COPY.
 *
 * <p>Propagation is the default one: a command that changed something goes out verbatim, one that changed nothing
 * (DEL of missing keys, RENAME of a key onto itself, RENAMENX, MOVE or COPY that did not happen) not at all. Keys
 * deleted on the way because their time had passed go out as their own DEL (or UNLINK), SCAN's and RANDOMKEY's
 * without a MULTI around them since those commands touch arbitrary keys.
 */
public final class KeyCommands {
    private KeyCommands() {
    }

    private static final CommandError SAME_OBJECT =
            CommandError.of("ERR source and destination objects are the same");
    private static final CommandError INT_RANGE_ERROR =
            CommandError.of("ERR value is out of range, value must between -2147483648 and 2147483647");
    private static final CommandError DB_INDEX_ERROR = CommandError.of(Errors.DB_INDEX);
    private static final CommandError UNKNOWN_TYPE = CommandError.of("ERR unknown type object");

    // DEL key [key ...]   and   UNLINK key [key ...]
    static void del(CommandContext ctx) {
        Database db = ctx.db();
        long deleted = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            byte[] key = ctx.arg(i);
            if (db.remove(key) != null) {
                db.modified(key, Events.GENERIC, "del");
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }

    // EXISTS key [key ...]
    static void exists(CommandContext ctx) {
        Database db = ctx.db();
        long count = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (db.lookupNoTouch(ctx.arg(i)) != null) {
                count++;
            }
        }
        ctx.reply().integer(count);
    }

    // TYPE key
    static void type(CommandContext ctx) {
        KeyEntry e = ctx.db().lookupNoTouch(ctx.arg(1));
        ctx.reply().simple(e == null ? "none" : ValueTypes.typeName(e.value()));
    }

    // TOUCH key [key ...]
    static void touch(CommandContext ctx) {
        Database db = ctx.db();
        long count = 0;
        for (int i = 1; i < ctx.argc(); i++) {
            if (db.lookup(ctx.arg(i)) != null) {
                count++;
            }
        }
        ctx.reply().integer(count);
    }

    // KEYS pattern
    static void keys(CommandContext ctx) {
        Database db = ctx.db();
        Keyspace ks = ctx.server().keyspace();
        byte[] pattern = ctx.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        long now = ks.now();
        boolean expiring = !ks.expiryPaused();
        List<byte[]> out = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = db.scan(cursor, e -> {
                if ((all || Glob.match(pattern, e.key(), false))
                        && !(expiring && e.hasExpire() && e.expireAt() <= now)) {
                    out.add(e.key());
                }
            });
        } while (cursor != 0);
        ctx.reply().array(out.size());
        for (byte[] k : out) {
            ctx.reply().bulk(k);
        }
    }

    /**
     * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The keys one step collected are filtered as Redis does:
     * by the pattern first, then by TYPE through a read lookup (which deletes an expired key and sees it as
     * {@code none}), otherwise by deleting it if it has expired.
     */
    static void scan(CommandContext ctx) {
        ScanOptions options = ScanOptions.forKeyspace(ctx.client(), ctx.argv());
        if (options == null) {
            return;
        }
        long cursor = options.cursor;
        long count = options.count;
        Database db = ctx.db();
        List<KeyEntry> found = new ArrayList<>();
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, found::add);
        } while (cursor != 0 && maxIterations-- > 0 && found.size() < count);

        List<byte[]> keys = new ArrayList<>(found.size());
        for (KeyEntry e : found) {
            byte[] key = e.key();
            if (!options.matches(key)) {
                continue;
            }
            if (options.type != null) {
                KeyEntry live = db.lookupNoTouch(key);
                if (!Text.is(options.type, live == null ? "none" : ValueTypes.typeName(live.value()))) {
                    continue;
                }
            } else if (!db.exists(key)) {
                continue;
            }
            keys.add(key);
        }
        ScanOptions.reply(ctx.client(), cursor, keys);
    }

    // RANDOMKEY
    static void randomkey(CommandContext ctx) {
        byte[] key = ctx.db().randomKey();
        if (key == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(key);
        }
    }

    // RENAME key newkey
    static void rename(CommandContext ctx) {
        if (rename(ctx, false)) {
            ctx.reply().ok();
        } else {
            ctx.reply().integer(0);
        }
    }

    // RENAMENX key newkey
    static void renamenx(CommandContext ctx) {
        ctx.reply().integer(rename(ctx, true) ? 1 : 0);
    }

    /**
     * Renames argv[1] to argv[2]; false when nothing changed: a renamed key onto itself (which RENAME still answers
     * OK) or RENAMENX onto an existing key. Counts one change, as Redis, although two keys are signalled.
     */
    private static boolean rename(CommandContext ctx, boolean nx) {
        Database db = ctx.db();
        byte[] from = ctx.arg(1);
        byte[] to = ctx.arg(2);
        KeyEntry src = db.lookupWrite(from);
        if (src == null) {
            throw CommandError.NO_SUCH_KEY;
        }
        if (Arrays.equals(from, to)) {
            return !nx;
        }
        if (db.lookupWrite(to) != null) {
            if (nx) {
                return false;
            }
            db.remove(to);
        }
        Object value = src.value();
        long expireAt = src.expireAt();
        db.remove(from);
        KeyEntry moved = db.add(to, value);
        if (expireAt != KeyEntry.NO_EXPIRE) {
            db.setExpire(moved, expireAt);
        }
        db.modified(from, Events.GENERIC, "rename_from");
        db.modified(to, Events.GENERIC, "rename_to");
        ctx.server().keyspace().addDirty(-1);
        return true;
    }

    // MOVE key db
    static void move(CommandContext ctx) {
        Database src = ctx.db();
        Database dst = database(ctx, ctx.arg(2));
        if (dst == src) {
            throw SAME_OBJECT;
        }
        byte[] key = ctx.arg(1);
        KeyEntry e = src.lookupWrite(key);
        if (e == null || dst.lookupWrite(key) != null) {
            ctx.reply().integer(0);
            return;
        }
        Object value = e.value();
        long expireAt = e.expireAt();
        KeyEntry moved = dst.add(key, value);
        if (expireAt != KeyEntry.NO_EXPIRE) {
            dst.setExpire(moved, expireAt);
        }
        src.remove(key);
        src.modified(key, Events.GENERIC, "move_from");
        dst.modified(key, Events.GENERIC, "move_to");
        ctx.server().keyspace().addDirty(-1);
        ctx.reply().integer(1);
    }

    // COPY source destination [DB destination-db] [REPLACE]
    static void copy(CommandContext ctx) {
        Database src = ctx.db();
        Database dst = src;
        boolean replace = false;
        for (int i = 3; i < ctx.argc(); i++) {
            byte[] opt = ctx.arg(i);
            if (Text.is(opt, "replace")) {
                replace = true;
            } else if (Text.is(opt, "db") && i + 1 < ctx.argc()) {
                dst = database(ctx, ctx.arg(++i));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        byte[] key = ctx.arg(1);
        byte[] newKey = ctx.arg(2);
        if (src == dst && Arrays.equals(key, newKey)) {
            throw SAME_OBJECT;
        }
        KeyEntry e = src.lookup(key);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        boolean delete = false;
        if (dst.lookupWrite(newKey) != null) {
            if (!replace) {
                ctx.reply().integer(0);
                return;
            }
            delete = true;
        }
        Object dup = duplicate(e.value());
        long expireAt = e.expireAt();
        if (delete) {
            dst.remove(newKey);
        }
        KeyEntry added = dst.add(newKey, dup);
        if (expireAt != KeyEntry.NO_EXPIRE) {
            dst.setExpire(added, expireAt);
        }
        dst.modified(newKey, Events.GENERIC, "copy_to");
        ctx.reply().integer(1);
    }

    /** An independent copy of a stored value: strings by their bytes, aggregates through {@link Copyable}. */
    private static Object duplicate(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof Copyable cp) {
            return cp.copy();
        }
        throw UNKNOWN_TYPE;
    }

    /**
     * A database index argument as MOVE and COPY read it: a 64-bit integer, then the int range, then the database
     * count, each with its own error.
     */
    private static Database database(CommandContext ctx, byte[] arg) {
        if (!Numbers.isValidLong(arg)) {
            throw CommandError.NOT_INTEGER;
        }
        long id = Numbers.parseLong(arg);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            throw INT_RANGE_ERROR;
        }
        Keyspace ks = ctx.server().keyspace();
        if (id < 0 || id >= ks.databases()) {
            throw DB_INDEX_ERROR;
        }
        return ks.db((int) id);
    }
}
