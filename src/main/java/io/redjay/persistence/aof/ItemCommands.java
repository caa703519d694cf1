package io.redjay.persistence.aof;

import io.redjay.persistence.rdb.RdbOutput;

/**
 * The framing of a collection rewritten as a run of variadic commands ({@code RPUSH}, {@code SADD}, {@code ZADD},
 * {@code HMSET}), each carrying at most {@value #ITEMS_PER_COMMAND} items, as Redis's
 * {@code AOF_REWRITE_ITEMS_PER_CMD} has it: so that no single command replayed at load is huge, and so that the
 * rewrite need not hold a whole collection's arguments at once.
 *
 * <p>A command's header announces its argument count before its items are written, so the framing is decided by the
 * collection's size at the start: each command takes 64 items, the last the rest. The caller announces every item
 * just before writing it ({@link #item}); a header goes out whenever one command is full. Because that state lives
 * here rather than in a loop, a command may begin in one snapshot step and end in the next: the bytes of a value
 * written in steps are contiguous in the file whatever else is encoded meanwhile (the engine puts keys saved during the
 * steps after the value), so only the count has to carry over.
 */
final class ItemCommands {
    static final int ITEMS_PER_COMMAND = 64;

    private final RespWriter resp;
    private byte[] command;
    private byte[] key;
    private int argumentsPerItem;
    private long remaining;
    private int leftInCommand;

    ItemCommands(RespWriter resp) {
        this.resp = resp;
    }

    /** Begins the commands for {@code items} items of {@code argumentsPerItem} arguments each (2 for pairs). */
    void begin(byte[] command, byte[] key, int argumentsPerItem, long items) {
        this.command = command;
        this.key = key;
        this.argumentsPerItem = argumentsPerItem;
        this.remaining = items;
        this.leftInCommand = 0;
    }

    /** One more item follows: starts the next command first if the current one is full. */
    void item(RdbOutput out) {
        if (remaining <= 0) {
            throw new IllegalStateException("value changed while being rewritten: more items than announced");
        }
        if (leftInCommand == 0) {
            leftInCommand = (int) Math.min(ITEMS_PER_COMMAND, remaining);
            resp.arrayHeader(out, 2 + (long) leftInCommand * argumentsPerItem);
            resp.bulk(out, command);
            resp.bulk(out, key);
        }
        leftInCommand--;
        remaining--;
    }

    /** How many of the announced items are still to come. */
    long remaining() {
        return remaining;
    }

    /** Checks that every announced item was written: a shorter run would leave a command cut short in the file. */
    void finish() {
        if (remaining != 0) {
            throw new IllegalStateException("value changed while being rewritten: " + remaining + " items missing");
        }
        command = null;
        key = null;
    }
}
