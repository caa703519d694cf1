package io.redjay.command;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.client.Client;
import io.redjay.types.BitFieldMath;
import io.redjay.types.BitStrings;
import io.redjay.types.Numbers;

import java.util.Arrays;

/**
 * Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO, over ordinary string values.
 *
 * <p><b>Stored strings are never written in place.</b> A string value may be shared with whoever else holds the
 * same array (the argument vector it came from, a slow log entry, a copied key), so a command that changes bits
 * builds a new array and swaps it in with {@link Database#replaceValue}, which keeps the key's TTL as Redis's
 * in-place change does. A command that would change nothing (SETBIT to the bit's current value) allocates nothing
 * and, like Redis, neither counts as a write nor emits an event.
 *
 * <p>Argument checks run in Redis's order (offset, then value, then the key's type), because clients and the Tcl
 * suite observe which error wins when several apply.
 */
public final class BitCommands {
    private BitCommands() {
    }

    private static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String BIT_VALUE = "ERR bit is not an integer or out of range";
    private static final String BITFIELD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    private static final long NO_OFFSET = -1;
    /** Java arrays stop short of 2^31 bytes: offsets beyond are out of range whatever proto-max-bulk-len says. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    static void register(CommandTable t) {
        t.command("setbit", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @bitmap @slow")
                .doc("bitmap", "2.2.0", "Sets or clears the bit at offset in the string value stored at key",
                        "SETBIT key offset value", "O(1)")
                .handler(BitCommands::setbit);
        t.command("getbit", 3).flags("readonly fast").keys(1, 1, 1).acl("@read @bitmap @fast")
                .doc("bitmap", "2.2.0", "Returns the bit value at offset in the string value stored at key",
                        "GETBIT key offset", "O(1)")
                .handler(BitCommands::getbit);
        t.command("bitcount", -2).flags("readonly").keys(1, 1, 1).acl("@read @bitmap @slow")
                .doc("bitmap", "2.6.0", "Count set bits in a string", "BITCOUNT key [start end [BYTE | BIT]]", "O(N)")
                .handler(BitCommands::bitcount);
        t.command("bitpos", -3).flags("readonly").keys(1, 1, 1).acl("@read @bitmap @slow")
                .doc("bitmap", "2.8.7", "Find first bit set or clear in a string",
                        "BITPOS key bit [start [end [BYTE | BIT]]]", "O(N)")
                .handler(BitCommands::bitpos);
        t.command("bitop", -4).flags("write denyoom").keys(2, -1, 1).acl("@write @bitmap @slow")
                .doc("bitmap", "2.6.0", "Perform bitwise operations between strings",
                        "BITOP operation destkey key [key ...]", "O(N)")
                .handler(BitCommands::bitop);
        t.command("bitfield", -2).flags("write denyoom").keys(1, 1, 1).acl("@write @bitmap @slow")
                .doc("bitmap", "3.2.0", "Perform arbitrary bitfield integer operations on strings",
                        "BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value"
                                + " | INCRBY encoding offset increment ...]",
                        "O(1) for each subcommand specified")
                .handler(BitCommands::bitfield);
        t.command("bitfield_ro", -2).flags("readonly fast").keys(1, 1, 1).acl("@read @bitmap @fast")
                .doc("bitmap", "6.0.0",
                        "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
                        "BITFIELD_RO key [GET encoding offset ...]", "O(1) for each subcommand specified")
                .handler(BitCommands::bitfieldRo);
    }

    /**
     * A bit offset as Redis's {@code getBitOffsetFromArgument}: non-negative, addressing a byte below
     * proto-max-bulk-len; with {@code bits > 0} a {@code #n} form means n times the field width. Replies the error and
     * returns {@link #NO_OFFSET} when invalid.
     */
    private static long bitOffset(Client c, byte[] arg, int bits) {
        boolean hash = bits > 0 && arg.length > 0 && arg[0] == '#';
        byte[] digits = hash ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
        if (!Numbers.isValidLong(digits)) {
            c.reply().error(BIT_OFFSET);
            return NO_OFFSET;
        }
        long offset = Numbers.parseLong(digits);
        if (hash) {
            offset *= bits;
        }
        long limit = Math.min(c.server().config().protoMaxBulkLen, MAX_ARRAY);
        if (offset < 0 || (offset >> 3) >= limit) {
            c.reply().error(BIT_OFFSET);
            return NO_OFFSET;
        }
        return offset;
    }

    /** The string value of an entry, or null after replying WRONGTYPE. A missing key reads as the empty string. */
    private static byte[] stringOf(Client c, KeyEntry e) {
        if (e == null) {
            return EMPTY;
        }
        if (e.value() instanceof byte[] v) {
            return v;
        }
        c.reply().error(Errors.WRONGTYPE);
        return null;
    }

    // SETBIT key offset value
    static void setbit(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        long offset = bitOffset(c, argv[2], 0);
        if (offset == NO_OFFSET) {
            return;
        }
        long on = Numbers.parseLong(argv[3]);
        if (on != 0 && on != 1) {
            c.reply().error(BIT_VALUE);
            return;
        }
        Database db = c.db();
        KeyEntry e = db.lookupWrite(argv[1]);
        byte[] old = stringOf(c, e);
        if (old == null) {
            return;
        }
        int index = (int) (offset >>> 3);
        int shift = 7 - (int) (offset & 7);
        int oldBit = index < old.length ? (old[index] >> shift) & 1 : 0;
        boolean grows = e == null || index >= old.length;
        if (grows || oldBit != on) {
            byte[] v = Arrays.copyOf(old, Math.max(old.length, index + 1));
            v[index] = (byte) ((v[index] & ~(1 << shift)) | ((int) on << shift));
            store(db, argv[1], e, v);
            db.modified(argv[1], Events.STRING, "setbit");
        }
        c.reply().integer(oldBit);
    }

    /** Installs a rewritten string: a new key, or the existing entry's value with its TTL kept. */
    private static void store(Database db, byte[] key, KeyEntry e, byte[] value) {
        db.replaceRawString(e == null ? db.add(key, value) : e, value);
    }

    // GETBIT key offset
    static void getbit(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        long offset = bitOffset(c, argv[2], 0);
        if (offset == NO_OFFSET) {
            return;
        }
        byte[] v = stringOf(c, c.db().lookup(argv[1]));
        if (v == null) {
            return;
        }
        long index = offset >>> 3;
        c.reply().integer(index < v.length ? (v[(int) index] >> (7 - (int) (offset & 7))) & 1 : 0);
    }

    // BITCOUNT key [start end [BYTE | BIT]]
    static void bitcount(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        byte[] p = stringOf(c, e);
        if (p == null) {
            return;
        }
        long start;
        long end;
        int firstMask = 0;
        int lastMask = 0;
        if (argv.length == 4 || argv.length == 5) {
            long totlen = p.length;
            if (!Args.isLong(argv[2]) || !Args.isLong(argv[3])) {
                c.reply().error(Errors.NOT_INTEGER);
                return;
            }
            start = Numbers.parseLong(argv[2]);
            end = Numbers.parseLong(argv[3]);
            if (start < 0 && end < 0 && start > end) {
                c.reply().integer(0);
                return;
            }
            boolean isBit = false;
            if (argv.length == 5) {
                if (Text.is(argv[4], "bit")) {
                    isBit = true;
                } else if (!Text.is(argv[4], "byte")) {
                    c.reply().error(Errors.SYNTAX);
                    return;
                }
            }
            if (isBit) {
                totlen <<= 3;
            }
            start = normalizeStart(start, totlen);
            end = normalizeEnd(end, totlen);
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argv.length == 2) {
            start = 0;
            end = p.length - 1;
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (start > end) {
            c.reply().integer(0);
            return;
        }
        long count = BitStrings.popcount(p, (int) start, (int) (end - start + 1));
        count -= Integer.bitCount(p[(int) start] & firstMask);
        count -= Integer.bitCount(p[(int) end] & lastMask);
        c.reply().integer(count);
    }

    /** A range start after Redis's conversion: negative counts from the end, clamped at zero. */
    private static long normalizeStart(long start, long totlen) {
        if (start < 0) {
            start = totlen + start;
        }
        return Math.max(start, 0);
    }

    /** A range end after Redis's conversion: negative counts from the end, clamped to [0, totlen - 1]. */
    private static long normalizeEnd(long end, long totlen) {
        if (end < 0) {
            end = totlen + end;
        }
        end = Math.max(end, 0);
        return end >= totlen ? totlen - 1 : end;
    }

    // BITPOS key bit [start [end [BYTE | BIT]]]
    static void bitpos(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (!Args.isLong(argv[2])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long bit = Numbers.parseLong(argv[2]);
        if (bit != 0 && bit != 1) {
            c.reply().error("ERR The bit argument must be 1 or 0.");
            return;
        }
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        byte[] p = stringOf(c, e);
        if (p == null) {
            return;
        }
        long start;
        long end;
        boolean endGiven = false;
        int firstMask = 0;
        int lastMask = 0;
        if (argv.length >= 4 && argv.length <= 6) {
            long totlen = p.length;
            if (!Args.isLong(argv[3])) {
                c.reply().error(Errors.NOT_INTEGER);
                return;
            }
            start = Numbers.parseLong(argv[3]);
            boolean isBit = false;
            if (argv.length == 6) {
                if (Text.is(argv[5], "bit")) {
                    isBit = true;
                } else if (!Text.is(argv[5], "byte")) {
                    c.reply().error(Errors.SYNTAX);
                    return;
                }
            }
            if (argv.length >= 5) {
                if (!Args.isLong(argv[4])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                end = Numbers.parseLong(argv[4]);
                endGiven = true;
            } else {
                end = isBit ? (totlen << 3) + 7 : totlen - 1;
            }
            if (isBit) {
                totlen <<= 3;
            }
            start = normalizeStart(start, totlen);
            end = normalizeEnd(end, totlen);
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argv.length == 3) {
            start = 0;
            end = p.length - 1;
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (start > end) {
            c.reply().integer(-1);
            return;
        }
        c.reply().integer(findBit(p, (int) start, (int) end, (int) bit, firstMask, lastMask, endGiven));
    }

    /**
     * BITPOS over bytes [start, end] where the bits selected by {@code firstMask} in the first byte and by
     * {@code lastMask} in the last byte lie outside a BIT range and must not match. Positions are absolute bits.
     */
    private static long findBit(byte[] p, int start, int end, int bit, int firstMask, int lastMask, boolean endGiven) {
        byte[] one = new byte[1];
        for (int i = start; i <= end; i++) {
            int b = p[i] & 0xff;
            int outside = (i == start ? firstMask : 0) | (i == end ? lastMask : 0);
            b = bit == 1 ? b & ~outside : b | outside;
            one[0] = (byte) b;
            long pos = BitStrings.bitpos(one, 0, 1, bit);
            if (pos != -1 && pos != 8) {
                return (long) i * 8 + pos;
            }
        }
        if (bit == 1 || endGiven) {
            return -1;
        }
        return (long) (end + 1) * 8;
    }

    // BITOP <AND | OR | XOR | NOT> destkey key [key ...]
    static void bitop(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        byte[] op = argv[1];
        boolean and = Text.is(op, "and");
        boolean or = Text.is(op, "or");
        boolean xor = Text.is(op, "xor");
        boolean not = Text.is(op, "not");
        if (!(and || or || xor || not)) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (not && argv.length != 4) {
            c.reply().error("ERR BITOP NOT must be called with a single source key.");
            return;
        }
        Database db = c.db();
        int n = argv.length - 3;
        byte[][] src = new byte[n][];
        int maxlen = 0;
        for (int j = 0; j < n; j++) {
            KeyEntry e = db.lookup(argv[j + 3]);
            byte[] v = stringOf(c, e);
            if (v == null) {
                return;
            }
            src[j] = v;
            maxlen = Math.max(maxlen, v.length);
        }
        byte[] dest = argv[2];
        if (maxlen == 0) {
            if (db.remove(dest) != null) {
                db.modified(dest, Events.GENERIC, "del");
            }
            c.reply().integer(0);
            return;
        }
        byte[] res = new byte[maxlen];
        for (int i = 0; i < maxlen; i++) {
            int out = i < src[0].length ? src[0][i] & 0xff : 0;
            if (not) {
                out = ~out & 0xff;
            }
            for (int j = 1; j < n; j++) {
                int b = i < src[j].length ? src[j][i] & 0xff : 0;
                if (and) {
                    out &= b;
                } else if (or) {
                    out |= b;
                } else {
                    out ^= b;
                }
            }
            res[i] = (byte) out;
        }
        db.put(dest, res);
        db.modified(dest, Events.STRING, "set");
        c.reply().integer(maxlen);
    }

    // BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value |
    //     INCRBY encoding offset increment ...]
    static void bitfield(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        bitfieldGeneric(c, argv, false);
    }

    // BITFIELD_RO key [GET encoding offset ...]
    static void bitfieldRo(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        bitfieldGeneric(c, argv, true);
    }

    private static final int OP_GET = 0;
    private static final int OP_SET = 1;
    private static final int OP_INCRBY = 2;

    /** One parsed BITFIELD operation. */
    private record FieldOp(int opcode, boolean signed, int bits, long offset, long value, int policy) {
    }

    private static void bitfieldGeneric(Client c, byte[][] argv, boolean readOnlyCommand) {
        FieldOp[] ops = new FieldOp[argv.length / 3 + 1];
        int count = 0;
        int policy = BitFieldMath.WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < argv.length; j++) {
            int remaining = argv.length - j - 1;
            byte[] sub = argv[j];
            int opcode;
            if (Text.is(sub, "get") && remaining >= 2) {
                opcode = OP_GET;
            } else if (Text.is(sub, "set") && remaining >= 3) {
                opcode = OP_SET;
            } else if (Text.is(sub, "incrby") && remaining >= 3) {
                opcode = OP_INCRBY;
            } else if (Text.is(sub, "overflow") && remaining >= 1) {
                byte[] name = argv[++j];
                if (Text.is(name, "wrap")) {
                    policy = BitFieldMath.WRAP;
                } else if (Text.is(name, "sat")) {
                    policy = BitFieldMath.SAT;
                } else if (Text.is(name, "fail")) {
                    policy = BitFieldMath.FAIL;
                } else {
                    c.reply().error("ERR Invalid OVERFLOW type specified");
                    return;
                }
                continue;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
            byte[] type = argv[j + 1];
            int bits = fieldBits(type);
            if (bits == 0) {
                c.reply().error(BITFIELD_TYPE);
                return;
            }
            boolean signed = type[0] == 'i';
            long offset = bitOffset(c, argv[j + 2], bits);
            if (offset == NO_OFFSET) {
                return;
            }
            long value = 0;
            if (opcode != OP_GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                if (!Args.isLong(argv[j + 3])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                value = Numbers.parseLong(argv[j + 3]);
            }
            ops[count++] = new FieldOp(opcode, signed, bits, offset, value, policy);
            j += opcode == OP_GET ? 2 : 3;
        }
        Database db = c.db();
        if (readOnly) {
            byte[] v = stringOf(c, db.lookup(argv[1]));
            if (v == null) {
                return;
            }
            c.reply().array(count);
            for (int k = 0; k < count; k++) {
                FieldOp op = ops[k];
                c.reply().integer(op.signed ? BitStrings.getSigned(v, op.offset, op.bits)
                        : BitStrings.getUnsigned(v, op.offset, op.bits));
            }
            return;
        }
        if (readOnlyCommand) {
            c.reply().error("ERR BITFIELD_RO only supports the GET subcommand");
            return;
        }
        KeyEntry e = db.lookupWrite(argv[1]);
        byte[] old = stringOf(c, e);
        if (old == null) {
            return;
        }
        int needed = (int) (highestWrite >>> 3) + 1;
        boolean grown = e == null || needed > old.length;
        byte[] v = Arrays.copyOf(old, Math.max(old.length, needed));
        int changes = 0;
        c.reply().array(count);
        for (int k = 0; k < count; k++) {
            FieldOp op = ops[k];
            long current = op.signed ? BitStrings.getSigned(v, op.offset, op.bits)
                    : BitStrings.getUnsigned(v, op.offset, op.bits);
            if (op.opcode == OP_GET) {
                c.reply().integer(current);
                continue;
            }
            long base = op.opcode == OP_INCRBY ? current : op.value;
            long incr = op.opcode == OP_INCRBY ? op.value : 0;
            int direction = BitFieldMath.overflow(op.signed, base, incr, op.bits);
            if (direction != 0 && op.policy == BitFieldMath.FAIL) {
                c.reply().nullBulk();
                continue;
            }
            long next = BitFieldMath.result(op.signed, base, incr, op.bits, direction, op.policy);
            c.reply().integer(op.opcode == OP_INCRBY ? next : current);
            BitStrings.set(v, op.offset, op.bits, next);
            if (grown || current != next) {
                changes++;
            }
        }
        if (grown || changes > 0) {
            store(db, argv[1], e, v);
        }
        if (changes > 0) {
            db.modified(argv[1], Events.STRING, "setbit");
        }
    }

    /** The width of a bitfield type {@code i1..i64} or {@code u1..u63}, or 0 when invalid. */
    private static int fieldBits(byte[] type) {
        if (type.length < 2 || type[0] != 'i' && type[0] != 'u') {
            return 0;
        }
        long bits = Numbers.parseLong(Arrays.copyOfRange(type, 1, type.length));
        long max = type[0] == 'i' ? 64 : 63;
        return bits >= 1 && bits <= max ? (int) bits : 0;
    }
}
