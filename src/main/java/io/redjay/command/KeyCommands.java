package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.Glob;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.client.Client;
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
 * {@link Copyable}). Each changed key goes through {@link Database#modified} once, with Redis's event names.
 */
public final class KeyCommands {
    private KeyCommands() {
    }

    static final String SAME_OBJECT = "ERR source and destination objects are the same";

    private static final String INT_RANGE =
            "ERR value is out of range, value must between -2147483648 and 2147483647";

    static void register(CommandTable t) {
        t.command("del", -2).flags("write").keys(1, -1, 1).acl("@keyspace @write @slow")
                .doc("generic", "1.0.0", "Delete a key", "DEL key [key ...]",
                        "O(N) where N is the number of keys that will be removed.")
                .handler(KeyCommands::del);
        t.command("unlink", -2).flags("write fast").keys(1, -1, 1).acl("@keyspace @write @fast")
                .doc("generic", "4.0.0", "Delete a key asynchronously in another thread. Otherwise it is just as "
                        + "DEL, but non blocking.", "UNLINK key [key ...]", "O(1) for each key removed regardless "
                        + "of its size.")
                .handler(KeyCommands::del);
        t.command("exists", -2).flags("readonly fast").keys(1, -1, 1).acl("@keyspace @read @fast")
                .doc("generic", "1.0.0", "Determine if a key exists", "EXISTS key [key ...]",
                        "O(N) where N is the number of keys to check.")
                .handler(KeyCommands::exists);
        t.command("type", 2).flags("readonly fast").keys(1, 1, 1).acl("@keyspace @read @fast")
                .doc("generic", "1.0.0", "Determine the type stored at key", "TYPE key", "O(1)")
                .handler(KeyCommands::type);
        t.command("keys", 2).flags("readonly").acl("@keyspace @read @slow @dangerous")
                .doc("generic", "1.0.0", "Find all keys matching the given pattern", "KEYS pattern",
                        "O(N) with N being the number of keys in the database.")
                .handler(KeyCommands::keys);
        t.command("scan", -2).flags("readonly touches_arbitrary_keys").acl("@keyspace @read @slow")
                .doc("generic", "2.8.0", "Incrementally iterate the keys space",
                        "SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]",
                        "O(1) for every call. O(N) for a complete iteration.")
                .handler(KeyCommands::scan);
        t.command("randomkey", 1).flags("readonly touches_arbitrary_keys").acl("@keyspace @read @slow")
                .doc("generic", "1.0.0", "Return a random key from the keyspace", "RANDOMKEY", "O(1)")
                .handler(KeyCommands::randomkey);
        t.command("rename", 3).flags("write").keys(1, 2, 1).acl("@keyspace @write @slow")
                .doc("generic", "1.0.0", "Rename a key", "RENAME key newkey", "O(1)")
                .handler(KeyCommands::rename);
        t.command("renamenx", 3).flags("write fast").keys(1, 2, 1).acl("@keyspace @write @fast")
                .doc("generic", "1.0.0", "Rename a key, only if the new key does not exist", "RENAMENX key newkey",
                        "O(1)")
                .handler(KeyCommands::renamenx);
        t.command("move", 3).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
                .doc("generic", "1.0.0", "Move a key to another database", "MOVE key db", "O(1)")
                .handler(KeyCommands::move);
        t.command("copy", -3).flags("write denyoom").keys(1, 2, 1).acl("@keyspace @write @slow")
                .doc("generic", "6.2.0", "Copy a key", "COPY source destination [DB destination-db] [REPLACE]",
                        "O(N) worst case for collections, where N is the number of nested items. O(1) for string "
                                + "values.")
                .handler(KeyCommands::copy);
        t.command("touch", -2).flags("readonly fast keeps_no_touch").keys(1, -1, 1).acl("@keyspace @read @fast")
                .doc("generic", "3.2.1", "Alters the last access time of a key(s). Returns the number of existing "
                        + "keys specified.", "TOUCH key [key ...]",
                        "O(N) where N is the number of keys that will be touched.")
                .handler(KeyCommands::touch);
    }

    // DEL key [key ...]   and   UNLINK key [key ...]
    static void del(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.remove(argv[i]) != null) {
                db.modified(argv[i], Events.GENERIC, "del");
                deleted++;
            }
        }
        c.reply().integer(deleted);
    }

    // EXISTS key [key ...]
    static void exists(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        long count = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.lookupNoTouch(argv[i]) != null) {
                count++;
            }
        }
        c.reply().integer(count);
    }

    // TYPE key
    static void type(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookupNoTouch(argv[1]);
        c.reply().simple(e == null ? "none" : ValueTypes.typeName(e.value()));
    }

    // TOUCH key [key ...]
    static void touch(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        long count = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.lookup(argv[i]) != null) {
                count++;
            }
        }
        c.reply().integer(count);
    }

    // KEYS pattern
    static void keys(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        Keyspace ks = c.server().keyspace();
        byte[] pattern = argv[1];
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
        c.reply().array(out.size());
        for (byte[] k : out) {
            c.reply().bulk(k);
        }
    }

    // SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
    static void scan(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ScanOptions options = ScanOptions.forKeyspace(c, argv);
        if (options == null) {
            return;
        }
        long cursor = options.cursor;
        long count = options.count;
        Database db = c.db();
        List<KeyEntry> found = new ArrayList<>();
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, found::add);
        } while (cursor != 0 && maxIterations-- > 0 && found.size() < count);

        List<byte[]> keys = new ArrayList<>(found.size());
        for (KeyEntry e : found) {
            byte[] key = e.key();
            if (!options.matches(key) || !db.exists(key)) {
                continue;
            }
            if (options.type != null && !Text.is(options.type, ValueTypes.typeName(e.value()))) {
                continue;
            }
            keys.add(key);
        }
        ScanOptions.reply(c, cursor, keys);
    }



    // RANDOMKEY
    static void randomkey(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        byte[] key = c.db().randomKey();
        if (key == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(key);
        }
    }

    // RENAME key newkey
    static void rename(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        rename(c, argv, false);
    }

    // RENAMENX key newkey
    static void renamenx(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        rename(c, argv, true);
    }

    private static void rename(Client c, byte[][] argv, boolean nx) {
        Database db = c.db();
        byte[] from = argv[1];
        byte[] to = argv[2];
        KeyEntry src = db.lookupWrite(from);
        if (src == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        if (Arrays.equals(from, to)) {
            if (nx) {
                c.reply().integer(0);
            } else {
                c.reply().ok();
            }
            return;
        }
        if (db.lookupWrite(to) != null) {
            if (nx) {
                c.reply().integer(0);
                return;
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
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    // MOVE key db
    static void move(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database src = c.db();
        Database dst = dbOrError(c, argv[2]);
        if (dst == null) {
            return;
        }
        if (dst == src) {
            c.reply().error(SAME_OBJECT);
            return;
        }
        byte[] key = argv[1];
        KeyEntry e = src.lookupWrite(key);
        if (e == null || dst.lookupWrite(key) != null) {
            c.reply().integer(0);
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
        c.reply().integer(1);
    }

    // COPY source destination [DB destination-db] [REPLACE]
    static void copy(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database src = c.db();
        Database dst = src;
        boolean replace = false;
        for (int i = 3; i < argv.length; i++) {
            if (Text.is(argv[i], "replace")) {
                replace = true;
            } else if (Text.is(argv[i], "db") && i + 1 < argv.length) {
                dst = dbOrError(c, argv[++i]);
                if (dst == null) {
                    return;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        byte[] key = argv[1];
        byte[] newKey = argv[2];
        if (src == dst && Arrays.equals(key, newKey)) {
            c.reply().error(SAME_OBJECT);
            return;
        }
        KeyEntry e = src.lookup(key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        boolean delete = false;
        if (dst.lookupWrite(newKey) != null) {
            if (!replace) {
                c.reply().integer(0);
                return;
            }
            delete = true;
        }
        Object value = e.value();
        Object dup;
        if (value instanceof byte[] b) {
            dup = b.clone();
        } else if (value instanceof Copyable cp) {
            dup = cp.copy();
        } else {
            c.reply().error("ERR unknown type object");
            return;
        }
        long expireAt = e.expireAt();
        if (delete) {
            dst.remove(newKey);
        }
        KeyEntry added = dst.add(newKey, dup);
        if (expireAt != KeyEntry.NO_EXPIRE) {
            dst.setExpire(added, expireAt);
        }
        dst.modified(newKey, Events.GENERIC, "copy_to");
        c.reply().integer(1);
    }

    /** A database index argument as MOVE and COPY read it (a 64-bit integer, then the int range, then the
     * database count, each with its own error), or null. */
    private static Database dbOrError(Client c, byte[] arg) {
        if (!Numbers.isValidLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return null;
        }
        long id = Numbers.parseLong(arg);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) {
            c.reply().error(INT_RANGE);
            return null;
        }
        Keyspace ks = c.server().keyspace();
        if (id < 0 || id >= ks.databases()) {
            c.reply().error(Errors.DB_INDEX);
            return null;
        }
        return ks.db((int) id);
    }
}
