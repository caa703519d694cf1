package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;
import io.redjay.client.Client;
import io.redjay.types.ListValue;
import io.redjay.types.Numbers;
import io.redjay.types.Quicklist;
import io.redjay.types.QuicklistNode;

import java.util.Arrays;

/**
 * List commands: pushes and pops at both ends, positional access, LPOS, LMOVE and the blocking forms.
 *
 * <p><b>Replies without copies.</b> Elements live packed in the nodes of a {@link ListValue}; LRANGE, LINDEX and the
 * single-element pops write each reply straight from the node's buffer, and pushes copy the argument bytes into it,
 * so the hot commands allocate nothing per element.
 *
 * <p><b>Order of checks.</b> Each handler parses and looks up in the order Redis 7.0 does (LRANGE parses its
 * indexes before the lookup, LINDEX after it, LSET reports a missing key before a bad index...), since the first
 * failing check decides which error a client sees.
 *
 * <p><b>Blocking.</b> BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP first try to serve like their non-blocking forms,
 * and park the client through {@code Blocking} when every key is empty. On a wake-up the whole command runs again:
 * it then serves, or finds nothing and stays parked in its place in the queue. During such a re-run a key that
 * now holds another type is passed over instead of failing the command, because Redis only wakes list waiters for
 * keys that hold lists.
 */
public final class ListCommands {
    private ListCommands() {
    }

    private static final String OUT_OF_RANGE = "ERR index out of range";
    private static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
    private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the"
            + " second ... or use negative to start from the end of the list";
    private static final String NUMKEYS = "ERR numkeys should be greater than 0";
    private static final String COUNT_POSITIVE = "ERR count should be greater than 0";
    /** Marks a key that holds another type, in the lookups shared by the pop family. */
    private static final ListValue WRONG_TYPE = new ListValue();

    static void register(CommandTable t) {
        String pushCost = "O(1) for each element added, so O(N) to add N elements when the command is called with"
                + " multiple arguments.";
        t.command("lpush", -3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @list @fast")
                .doc("list", "1.0.0", "Prepend one or multiple elements to a list", "LPUSH key element [element ...]",
                        pushCost)
                .handler(ListCommands::lpush);
        t.command("rpush", -3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @list @fast")
                .doc("list", "1.0.0", "Append one or multiple elements to a list", "RPUSH key element [element ...]",
                        pushCost)
                .handler(ListCommands::rpush);
        t.command("lpushx", -3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @list @fast")
                .doc("list", "2.2.0", "Prepend an element to a list, only if the list exists",
                        "LPUSHX key element [element ...]", pushCost)
                .handler(ListCommands::lpushx);
        t.command("rpushx", -3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @list @fast")
                .doc("list", "2.2.0", "Append an element to a list, only if the list exists",
                        "RPUSHX key element [element ...]", pushCost)
                .handler(ListCommands::rpushx);
        t.command("lpop", -2).flags("write fast").keys(1, 1, 1).acl("@write @list @fast")
                .doc("list", "1.0.0", "Remove and get the first elements in a list", "LPOP key [count]",
                        "O(N) where N is the number of elements returned")
                .handler(ListCommands::lpop);
        t.command("rpop", -2).flags("write fast").keys(1, 1, 1).acl("@write @list @fast")
                .doc("list", "1.0.0", "Remove and get the last elements in a list", "RPOP key [count]",
                        "O(N) where N is the number of elements returned")
                .handler(ListCommands::rpop);
        t.command("llen", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @list @fast")
                .doc("list", "1.0.0", "Get the length of a list", "LLEN key", "O(1)")
                .handler(ListCommands::llen);
        t.command("lindex", 3).flags("readonly").keys(1, 1, 1).acl("@read @list @slow")
                .doc("list", "1.0.0", "Get an element from a list by its index", "LINDEX key index",
                        "O(N) where N is the number of elements to traverse to get to the element at index. This"
                                + " makes asking for the first or the last element of the list O(1).")
                .handler(ListCommands::lindex);
        t.command("linsert", 5).flags("write denyoom").keys(1, 1, 1).acl("@write @list @slow")
                .doc("list", "2.2.0", "Insert an element before or after another element in a list",
                        "LINSERT key <BEFORE | AFTER> pivot element",
                        "O(N) where N is the number of elements to traverse before seeing the value pivot. This"
                                + " means that inserting somewhere on the left end on the list (head) can be"
                                + " considered O(1) and inserting somewhere on the right end (tail) is O(N).")
                .handler(ListCommands::linsert);
        t.command("lrange", 4).flags("readonly").keys(1, 1, 1).acl("@read @list @slow")
                .doc("list", "1.0.0", "Get a range of elements from a list", "LRANGE key start stop",
                        "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end"
                                + " (HEAD or TAIL) for large lists; and N is the number of elements in the"
                                + " specified range.")
                .handler(ListCommands::lrange);
        t.command("lrem", 4).flags("write").keys(1, 1, 1).acl("@write @list @slow")
                .doc("list", "1.0.0", "Remove elements from a list", "LREM key count element",
                        "O(N+M) where N is the length of the list and M is the number of elements removed.")
                .handler(ListCommands::lrem);
        t.command("lset", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @list @slow")
                .doc("list", "1.0.0", "Set the value of an element in a list by its index", "LSET key index element",
                        "O(N) where N is the length of the list. Setting either the first or the last element of"
                                + " the list is O(1).")
                .handler(ListCommands::lset);
        t.command("ltrim", 4).flags("write").keys(1, 1, 1).acl("@write @list @slow")
                .doc("list", "1.0.0", "Trim a list to the specified range", "LTRIM key start stop",
                        "O(N) where N is the number of elements to be removed by the operation.")
                .handler(ListCommands::ltrim);
        t.command("lpos", -3).flags("readonly").keys(1, 1, 1).acl("@read @list @slow")
                .doc("list", "6.0.6", "Return the index of matching elements on a list",
                        "LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]",
                        "O(N) where N is the number of elements in the list, for the average case. When searching"
                                + " for elements near the head or the tail of the list, or when the MAXLEN option"
                                + " is provided, the command may run in constant time.")
                .handler(ListCommands::lpos);
        t.command("lmove", 5).flags("write denyoom").keys(1, 2, 1).acl("@write @list @slow")
                .doc("list", "6.2.0", "Pop an element from a list, push it to another list and return it",
                        "LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>", "O(1)")
                .handler(ListCommands::lmove);
        t.command("rpoplpush", 3).flags("write denyoom").keys(1, 2, 1).acl("@write @list @slow")
                .doc("list", "1.2.0", "Remove the last element in a list, prepend it to another list and return it",
                        "RPOPLPUSH source destination", "O(1)")
                .handler(ListCommands::rpoplpush);
        t.command("lmpop", -4).flags("write").keys(argv -> numkeysPositions(argv, 1)).acl("@write @list @slow")
                .doc("list", "7.0.0", "Pop elements from a list",
                        "LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
                        "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
                .handler(ListCommands::lmpop);
        t.command("blpop", -3).flags("write noscript blocking").keys(1, -2, 1)
                .acl("@write @list @slow @blocking")
                .doc("list", "2.0.0", "Remove and get the first element in a list, or block until one is available",
                        "BLPOP key [key ...] timeout", "O(N) where N is the number of provided keys.")
                .handler(ListCommands::blpop);
        t.command("brpop", -3).flags("write noscript blocking").keys(1, -2, 1)
                .acl("@write @list @slow @blocking")
                .doc("list", "2.0.0", "Remove and get the last element in a list, or block until one is available",
                        "BRPOP key [key ...] timeout", "O(N) where N is the number of provided keys.")
                .handler(ListCommands::brpop);
        t.command("blmove", 6).flags("write denyoom noscript blocking").keys(1, 2, 1)
                .acl("@write @list @slow @blocking")
                .doc("list", "6.2.0", "Pop an element from a list, push it to another list and return it; or block"
                                + " until one is available",
                        "BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout", "O(1)")
                .handler(ListCommands::blmove);
        t.command("brpoplpush", 4).flags("write denyoom noscript blocking").keys(1, 2, 1)
                .acl("@write @list @slow @blocking")
                .doc("list", "2.2.0", "Pop an element from a list, push it to another list and return it; or block"
                                + " until one is available", "BRPOPLPUSH source destination timeout", "O(1)")
                .handler(ListCommands::brpoplpush);
        t.command("blmpop", -5).flags("write blocking").keys(argv -> numkeysPositions(argv, 2))
                .acl("@write @list @slow @blocking")
                .doc("list", "7.0.0", "Pop elements from a list, or block until one is available",
                        "BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
                        "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
                .handler(ListCommands::blmpop);
    }

    /** Key positions of LMPOP/BLMPOP: {@code numkeys} at {@code at}, the keys right after it. */
    private static int[] numkeysPositions(byte[][] argv, int at) {
        long n = at < argv.length ? Numbers.parseLong(argv[at]) : 0;
        if (n <= 0 || n > argv.length - at - 1) {
            return new int[0];
        }
        int[] keys = new int[(int) n];
        for (int i = 0; i < n; i++) {
            keys[i] = at + 1 + i;
        }
        return keys;
    }

    /**
     * Replies Redis's integer error unless {@code arg} is a 64-bit integer. Checked apart from parsing because
     * {@link Numbers#parseLong} answers Long.MIN_VALUE both for errors and for that valid index.
     */
    private static boolean notLong(Client c, byte[] arg) {
        if (Numbers.isValidLong(arg)) {
            return false;
        }
        c.reply().error(Errors.NOT_INTEGER);
        return true;
    }

    private static long fill(Client c) {
        return c.server().config().listMaxListpackSize;
    }

    /** The list at {@code e}, null when missing, {@link #WRONG_TYPE} when the key holds another type. */
    private static ListValue listOf(KeyEntry e) {
        if (e == null) {
            return null;
        }
        return e.value() instanceof ListValue l ? l : WRONG_TYPE;
    }

    // ------------------------------------------------------------------ pushes

    // LPUSH key element [element ...]
    static void lpush(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        push(c, argv, true, false);
    }

    // RPUSH key element [element ...]
    static void rpush(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        push(c, argv, false, false);
    }

    // LPUSHX key element [element ...]
    static void lpushx(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        push(c, argv, true, true);
    }

    // RPUSHX key element [element ...]
    static void rpushx(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        push(c, argv, false, true);
    }

    private static void push(Client c, byte[][] argv, boolean head, boolean onlyExisting) {
        Database db = c.db();
        ListValue list = listOf(db.lookupWrite(argv[1]));
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        if (list == null) {
            if (onlyExisting) {
                c.reply().integer(0);
                return;
            }
            list = new ListValue();
            db.add(argv[1], list);
        }
        long fill = fill(c);
        for (int i = 2; i < argv.length; i++) {
            if (head) {
                list.pushHead(argv[i], fill);
            } else {
                list.pushTail(argv[i], fill);
            }
        }
        c.reply().integer(list.length());
        db.modified(argv[1], Events.LIST, head ? "lpush" : "rpush");
    }

    // LINSERT key <BEFORE | AFTER> pivot element
    static void linsert(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        boolean after;
        if (Text.is(argv[2], "after")) {
            after = true;
        } else if (Text.is(argv[2], "before")) {
            after = false;
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Database db = c.db();
        ListValue list = listOf(db.lookupWrite(argv[1]));
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        Quicklist.Cursor cur = list.at(0);
        do {
            if (cur.valueEquals(argv[3])) {
                list.insert(cur, argv[4], after, fill(c));
                c.reply().integer(list.length());
                db.modified(argv[1], Events.LIST, "linsert");
                return;
            }
        } while (cur.next());
        c.reply().integer(-1);
    }

    // ------------------------------------------------------------------ reads

    // LLEN key
    static void llen(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ListValue list = listOf(c.db().lookup(argv[1]));
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
        } else {
            c.reply().integer(list == null ? 0 : list.length());
        }
    }

    // LINDEX key index
    static void lindex(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ListValue list = listOf(c.db().lookup(argv[1]));
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        if (notLong(c, argv[2])) {
            return;
        }
        long index = Numbers.parseLong(argv[2]);
        Quicklist.Cursor cur = list.at(index);
        if (cur == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(cur.buffer(), cur.offset(), cur.length());
        }
    }

    // LRANGE key start stop
    static void lrange(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (notLong(c, argv[2])) {
            return;
        }
        long start = Numbers.parseLong(argv[2]);
        if (notLong(c, argv[3])) {
            return;
        }
        long end = Numbers.parseLong(argv[3]);
        ListValue list = listOf(c.db().lookup(argv[1]));
        if (list == null) {
            c.reply().emptyArray();
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        replyRange(c, list, start, end, false);
    }

    /** LRANGE's reply for [start, end] (Redis index rules), walked backwards when {@code reverse}. */
    private static void replyRange(Client c, ListValue list, long start, long end, boolean reverse) {
        long len = list.length();
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= len) {
            c.reply().emptyArray();
            return;
        }
        if (end >= len) {
            end = len - 1;
        }
        int n = (int) (end - start + 1);
        ReplyWriter w = c.reply();
        w.array(n);
        Quicklist.Cursor cur = list.at(reverse ? end : start);
        for (int i = 0; i < n; i++) {
            w.bulk(cur.buffer(), cur.offset(), cur.length());
            if (i + 1 < n) {
                if (reverse) {
                    cur.prev();
                } else {
                    cur.next();
                }
            }
        }
    }

    // LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
    static void lpos(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (more && Text.is(argv[j], "rank")) {
                if (notLong(c, argv[++j])) {
                    return;
                }
                rank = Numbers.parseLong(argv[j]);
                if (rank == 0) {
                    c.reply().error(RANK_ZERO);
                    return;
                }
            } else if (more && Text.is(argv[j], "count")) {
                count = Args.rangeOrError(c, argv[++j], 0, Long.MAX_VALUE, "ERR COUNT can't be negative");
                if (count == Args.INVALID) {
                    return;
                }
            } else if (more && Text.is(argv[j], "maxlen")) {
                maxlen = Args.rangeOrError(c, argv[++j], 0, Long.MAX_VALUE, "ERR MAXLEN can't be negative");
                if (maxlen == Args.INVALID) {
                    return;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        ListValue list = listOf(c.db().lookup(argv[1]));
        if (list == null) {
            if (count != -1) {
                c.reply().emptyArray();
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        long len = list.length();
        long[] found = new long[count > 0 ? (int) Math.min(count, 16) : 16];
        int nfound = 0;
        long matches = 0;
        Quicklist.Cursor cur = list.at(fromTail ? -1 : 0);
        long index = 0;
        boolean more = true;
        while (more && (maxlen == 0 || index < maxlen)) {
            if (cur.valueEquals(argv[2]) && ++matches >= rank) {
                if (nfound == found.length) {
                    found = Arrays.copyOf(found, nfound * 2);
                }
                found[nfound++] = fromTail ? len - index - 1 : index;
                if (count == -1 || count != 0 && matches - rank + 1 >= count) {
                    break;
                }
            }
            index++;
            more = fromTail ? cur.prev() : cur.next();
        }
        if (count == -1) {
            if (nfound == 0) {
                c.reply().nullBulk();
            } else {
                c.reply().integer(found[0]);
            }
            return;
        }
        c.reply().array(nfound);
        for (int i = 0; i < nfound; i++) {
            c.reply().integer(found[i]);
        }
    }

    // ------------------------------------------------------------------ changes in place

    // LSET key index element
    static void lset(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Database db = c.db();
        ListValue list = listOf(db.lookupWrite(argv[1]));
        if (list == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        if (notLong(c, argv[2])) {
            return;
        }
        long index = Numbers.parseLong(argv[2]);
        Quicklist.Cursor cur = list.at(index);
        if (cur == null) {
            c.reply().error(OUT_OF_RANGE);
            return;
        }
        list.set(cur, argv[3], fill(c));
        c.reply().ok();
        db.modified(argv[1], Events.LIST, "lset");
    }

    // LREM key count element
    static void lrem(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (notLong(c, argv[2])) {
            return;
        }
        long toRemove = Numbers.parseLong(argv[2]);
        Database db = c.db();
        ListValue list = listOf(db.lookupWrite(argv[1]));
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        boolean fromTail = toRemove < 0;
        long limit = fromTail ? -toRemove : toRemove;
        if (limit < 0) {
            limit = Long.MAX_VALUE;
        }
        long removed = list.removeMatching(argv[3], limit, fromTail, fill(c));
        if (removed > 0) {
            db.modified(argv[1], Events.LIST, "lrem");
            deleteIfEmpty(db, argv[1], list, fill(c));
        }
        c.reply().integer(removed);
    }

    // LTRIM key start stop
    static void ltrim(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (notLong(c, argv[2])) {
            return;
        }
        long start = Numbers.parseLong(argv[2]);
        if (notLong(c, argv[3])) {
            return;
        }
        long end = Numbers.parseLong(argv[3]);
        Database db = c.db();
        ListValue list = listOf(db.lookupWrite(argv[1]));
        if (list == null) {
            c.reply().ok();
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        long len = list.length();
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        long fromHead;
        long fromTail;
        if (start > end || start >= len) {
            fromHead = len;
            fromTail = 0;
        } else {
            if (end >= len) {
                end = len - 1;
            }
            fromHead = start;
            fromTail = len - end - 1;
        }
        list.removeHead(fromHead);
        list.removeTail(fromTail);
        db.modified(argv[1], Events.LIST, "ltrim");
        deleteIfEmpty(db, argv[1], list, fill(c));
        c.reply().ok();
    }

    /** Deletes a list that became empty (with Redis's "del" event), or lets a shrunk one return to listpack. */
    private static void deleteIfEmpty(Database db, byte[] key, ListValue list, long fill) {
        if (list.length() == 0) {
            db.remove(key);
            db.modified(key, Events.GENERIC, "del");
        } else {
            list.shrinking(fill);
        }
    }

    // ------------------------------------------------------------------ pops

    // LPOP key [count]
    static void lpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        pop(c, argv, true);
    }

    // RPOP key [count]
    static void rpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        pop(c, argv, false);
    }

    private static void pop(Client c, byte[][] argv, boolean head) {
        if (argv.length > 3) {
            c.reply().error("ERR wrong number of arguments for '" + c.currentCommand().fullName() + "' command");
            return;
        }
        boolean hasCount = argv.length == 3;
        long count = 0;
        if (hasCount) {
            count = Args.rangeOrError(c, argv[2], 0, Long.MAX_VALUE, MUST_BE_POSITIVE);
            if (count == Args.INVALID) {
                return;
            }
        }
        Database db = c.db();
        ListValue list = listOf(db.lookupWrite(argv[1]));
        if (list == null) {
            if (hasCount) {
                c.reply().nullArray();
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        if (list == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        if (hasCount && count == 0) {
            c.reply().emptyArray();
            return;
        }
        if (!hasCount) {
            popOneReply(c, list, head);
        } else {
            popRangeReply(c, list, head, count);
        }
        popped(c, db, argv[1], list, head);
    }

    /** Replies with the element at one end, read in place, then removes it. */
    private static void popOneReply(Client c, ListValue list, boolean head) {
        QuicklistNode n = head ? list.headNode() : list.tailNode();
        int p = head ? n.first() : n.last();
        c.reply().bulk(n.buffer(), n.valueOffset(p), n.length(p));
        if (head) {
            list.dropHead();
        } else {
            list.dropTail();
        }
    }

    /** Replies with up to {@code count} elements from one end, in popping order, then removes them. */
    private static void popRangeReply(Client c, ListValue list, boolean head, long count) {
        long n = Math.min(count, list.length());
        if (head) {
            replyRange(c, list, 0, n - 1, false);
            list.removeHead(n);
        } else {
            replyRange(c, list, -n, -1, true);
            list.removeTail(n);
        }
    }

    /** The write funnel after a pop: the pop event, and deletion when the list emptied. */
    private static void popped(Client c, Database db, byte[] key, ListValue list, boolean head) {
        db.modified(key, Events.LIST, head ? "lpop" : "rpop");
        deleteIfEmpty(db, key, list, fill(c));
    }

    // LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
    static void lmpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        mpop(c, argv, 1, false);
    }

    // BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
    static void blmpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        mpop(c, argv, 2, true);
    }

    private static void mpop(Client c, byte[][] argv, int numkeysAt, boolean blocking) {
        long numkeys = Args.rangeOrError(c, argv[numkeysAt], 1, Long.MAX_VALUE, NUMKEYS);
        if (numkeys == Args.INVALID) {
            return;
        }
        long whereAt = numkeysAt + numkeys + 1;
        if (whereAt >= argv.length || whereAt < 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        int side = side(argv[(int) whereAt]);
        if (side < 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        long count = -1;
        for (int j = (int) whereAt + 1; j < argv.length; j++) {
            if (count == -1 && j + 1 < argv.length && Text.is(argv[j], "count")) {
                count = Args.rangeOrError(c, argv[++j], 1, Long.MAX_VALUE, COUNT_POSITIVE);
                if (count == Args.INVALID) {
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
        byte[][] keys = Arrays.copyOfRange(argv, numkeysAt + 1, (int) whereAt);
        if (blocking) {
            long deadline = Args.blockingTimeout(c, argv[1]);
            if (deadline >= 0) {
                blockingPop(c, keys, side == LEFT, deadline, count);
            }
            return;
        }
        Database db = c.db();
        for (byte[] key : keys) {
            ListValue list = listOf(db.lookupWrite(key));
            if (list == null) {
                continue;
            }
            if (list == WRONG_TYPE) {
                c.reply().error(Errors.WRONGTYPE);
                return;
            }
            replyKeyAndRange(c, db, key, list, side == LEFT, count);
            return;
        }
        c.reply().nullArray();
    }

    private static void replyKeyAndRange(Client c, Database db, byte[] key, ListValue list, boolean head,
                                         long count) {
        c.reply().array(2);
        c.reply().bulk(key);
        popRangeReply(c, list, head, count);
        popped(c, db, key, list, head);
    }

    // ------------------------------------------------------------------ moves

    private static final int LEFT = 0;
    private static final int RIGHT = 1;

    private static int side(byte[] arg) {
        if (Text.is(arg, "right")) {
            return RIGHT;
        }
        return Text.is(arg, "left") ? LEFT : -1;
    }

    // LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>
    static void lmove(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        int from = side(argv[3]);
        int to = from < 0 ? -1 : side(argv[4]);
        if (to < 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        move(c, argv[1], argv[2], from == LEFT, to == LEFT, false);
    }

    // RPOPLPUSH source destination
    static void rpoplpush(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        move(c, argv[1], argv[2], false, true, false);
    }

    /**
     * Pops from {@code src} and pushes onto {@code dst} (possibly the same list). Returns false when the source is
     * missing (and nothing was replied if {@code quietWhenEmpty}, so a blocking form can park).
     */
    private static boolean move(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead,
                                boolean quietWhenEmpty) {
        Database db = c.db();
        ListValue source = listOf(db.lookupWrite(src));
        if (source == WRONG_TYPE && quietWhenEmpty && c.server().blocking().isBlocked(c)) {
            source = null;
        }
        if (source == null) {
            if (!quietWhenEmpty) {
                c.reply().nullBulk();
            }
            return false;
        }
        if (source == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return true;
        }
        ListValue target = listOf(db.lookupWrite(dst));
        if (target == WRONG_TYPE) {
            c.reply().error(Errors.WRONGTYPE);
            return true;
        }
        long fill = fill(c);
        byte[] value = fromHead ? source.popHead() : source.popTail();
        if (target == null) {
            target = new ListValue();
            db.add(dst, target);
        }
        if (toHead) {
            target.pushHead(value, fill);
        } else {
            target.pushTail(value, fill);
        }
        db.modified(dst, Events.LIST, toHead ? "lpush" : "rpush");
        c.reply().bulk(value);
        popped(c, db, src, source, fromHead);
        return true;
    }

    // ------------------------------------------------------------------ blocking forms

    // BLPOP key [key ...] timeout
    static void blpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        long deadline = Args.blockingTimeout(c, argv[argv.length - 1]);
        if (deadline < 0) {
            return;
        }
        blockingPop(c, Arrays.copyOfRange(argv, 1, argv.length - 1), true, deadline, -1);
    }

    // BRPOP key [key ...] timeout
    static void brpop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        long deadline = Args.blockingTimeout(c, argv[argv.length - 1]);
        if (deadline < 0) {
            return;
        }
        blockingPop(c, Arrays.copyOfRange(argv, 1, argv.length - 1), false, deadline, -1);
    }

    /**
     * Serves BLPOP/BRPOP ({@code count} -1: a [key, element] pair) or BLMPOP ({@code count} >= 1: [key, [elements]])
     * from the first non-empty key, or parks the client until {@code deadline} (unix ms, 0 = forever).
     */
    private static void blockingPop(Client c, byte[][] keys, boolean head, long deadline, long count) {
        Database db = c.db();
        boolean rerun = c.server().blocking().isBlocked(c);
        for (byte[] key : keys) {
            ListValue list = listOf(db.lookupWrite(key));
            if (list == null || list == WRONG_TYPE && rerun) {
                continue;
            }
            if (list == WRONG_TYPE) {
                c.reply().error(Errors.WRONGTYPE);
                return;
            }
            if (count != -1) {
                replyKeyAndRange(c, db, key, list, head, count);
            } else {
                c.reply().array(2);
                c.reply().bulk(key);
                popOneReply(c, list, head);
                popped(c, db, key, list, head);
            }
            return;
        }
        if (!c.server().blocking().mayBlock(c)) {
            c.reply().nullArray();
            return;
        }
        c.server().blocking().block(c, keys, deadline);
    }

    // BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout
    static void blmove(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        int from = side(argv[3]);
        int to = from < 0 ? -1 : side(argv[4]);
        if (to < 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        blockingMove(c, argv, from == LEFT, to == LEFT);
    }

    // BRPOPLPUSH source destination timeout
    static void brpoplpush(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        blockingMove(c, argv, false, true);
    }

    private static void blockingMove(Client c, byte[][] argv, boolean fromHead, boolean toHead) {
        long deadline = Args.blockingTimeout(c, argv[argv.length - 1]);
        if (deadline < 0) {
            return;
        }
        if (move(c, argv[1], argv[2], fromHead, toHead, true)) {
            return;
        }
        if (!c.server().blocking().mayBlock(c)) {
            c.reply().nullBulk();
            return;
        }
        c.server().blocking().block(c, new byte[][] {argv[1]}, deadline);
    }
}
