package io.redjay.command.strings;

import io.redjay.command.Args;
import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;
import io.redjay.types.BitFieldMath;
import io.redjay.types.BitStrings;
import io.redjay.types.Numbers;

import java.util.Arrays;

/**
 * Bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO, over ordinary string values.
 *
 * <p><b>Stored strings are never written in place.</b> A string value may be shared with whoever else holds the
 * same array (the argument vector it came from, a slow log entry, a copied key), so a command that changes bits
 * builds a new array and swaps it in with {@link Database#replaceRawString}, which keeps the key's TTL as Redis's
 * in-place change does. A command that would change nothing (SETBIT to the bit's current value, BITFIELD with only
 * GETs, BITOP of empty sources onto a missing key) allocates nothing and, like Redis, neither counts as a write nor
 * emits an event, so it propagates nothing; the writes propagate verbatim.
 *
 * <p>Argument checks run in Redis's order (offset, then value, then the key's type), because clients and the Tcl
 * suite observe which error wins when several apply. Each raises a {@link CommandError} before the first change.
 */
public final class BitCommands {
    private BitCommands() {
    }

    private static final CommandError BIT_OFFSET = CommandError.of("ERR bit offset is not an integer or out of range");
    private static final CommandError BIT_VALUE = CommandError.of("ERR bit is not an integer or out of range");
    private static final CommandError BIT_ARGUMENT = CommandError.of("ERR The bit argument must be 1 or 0.");
    private static final CommandError BITOP_NOT_ARITY =
            CommandError.of("ERR BITOP NOT must be called with a single source key.");
    private static final CommandError BITFIELD_TYPE = CommandError.of(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final CommandError OVERFLOW_TYPE = CommandError.of("ERR Invalid OVERFLOW type specified");
    private static final CommandError BITFIELD_RO_WRITE =
            CommandError.of("ERR BITFIELD_RO only supports the GET subcommand");
    /** Java arrays stop short of 2^31 bytes: offsets beyond are out of range whatever proto-max-bulk-len says. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    /**
     * A bit offset as Redis's {@code getBitOffsetFromArgument}: non-negative, addressing a byte below
     * proto-max-bulk-len; with {@code bits > 0} a {@code #n} form means n times the field width. Raises when invalid.
     */
    private static long bitOffset(CommandContext ctx, byte[] arg, int bits) {
        boolean hash = bits > 0 && arg.length > 0 && arg[0] == '#';
        byte[] digits = hash ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
        if (!Numbers.isValidLong(digits)) {
            throw BIT_OFFSET;
        }
        long offset = Numbers.parseLong(digits);
        if (hash) {
            offset *= bits;
        }
        long limit = Math.min(ctx.config().protoMaxBulkLen, MAX_ARRAY);
        if (offset < 0 || (offset >> 3) >= limit) {
            throw BIT_OFFSET;
        }
        return offset;
    }

    /** The string value of an entry (WRONGTYPE raised). A missing key reads as the empty string. */
    private static byte[] stringOf(KeyEntry e) {
        return e == null ? EMPTY : CommandContext.checked(e.value(), byte[].class);
    }

    /** The string at {@code key} for reading (WRONGTYPE raised); a missing key reads as the empty string. */
    private static byte[] readOrEmpty(CommandContext ctx, byte[] key) {
        byte[] v = ctx.readString(key);
        return v == null ? EMPTY : v;
    }

    // SETBIT key offset value
    static void setbit(CommandContext ctx) {
        long offset = bitOffset(ctx, ctx.arg(2), 0);
        long on = Numbers.parseLong(ctx.arg(3));
        if (on != 0 && on != 1) {
            throw BIT_VALUE;
        }
        byte[] key = ctx.arg(1);
        KeyEntry e = ctx.writeEntry(key);
        byte[] old = stringOf(e);
        int index = (int) (offset >>> 3);
        int shift = 7 - (int) (offset & 7);
        int oldBit = index < old.length ? (old[index] >> shift) & 1 : 0;
        boolean grows = e == null || index >= old.length;
        if (grows || oldBit != on) {
            byte[] v = Arrays.copyOf(old, Math.max(old.length, index + 1));
            v[index] = (byte) ((v[index] & ~(1 << shift)) | ((int) on << shift));
            Database db = ctx.db();
            store(db, key, e, v);
            db.modified(key, Events.STRING, "setbit");
        }
        ctx.reply().integer(oldBit);
    }

    /** Installs a rewritten string: a new key, or the existing entry's value with its TTL kept. */
    private static void store(Database db, byte[] key, KeyEntry e, byte[] value) {
        db.replaceRawString(e == null ? db.add(key, value) : e, value);
    }

    // GETBIT key offset
    static void getbit(CommandContext ctx) {
        long offset = bitOffset(ctx, ctx.arg(2), 0);
        byte[] v = readOrEmpty(ctx, ctx.arg(1));
        long index = offset >>> 3;
        ctx.reply().integer(index < v.length ? (v[(int) index] >> (7 - (int) (offset & 7))) & 1 : 0);
    }

    // BITCOUNT key [start end [BYTE | BIT]]
    static void bitcount(CommandContext ctx) {
        byte[] p = ctx.readString(ctx.arg(1));
        if (p == null) {
            ctx.reply().integer(0);
            return;
        }
        int argc = ctx.argc();
        long start;
        long end;
        int firstMask = 0;
        int lastMask = 0;
        if (argc == 4 || argc == 5) {
            long totlen = p.length;
            if (!Args.isLong(ctx.arg(2)) || !Args.isLong(ctx.arg(3))) {
                throw CommandError.NOT_INTEGER;
            }
            start = Numbers.parseLong(ctx.arg(2));
            end = Numbers.parseLong(ctx.arg(3));
            if (start < 0 && end < 0 && start > end) {
                ctx.reply().integer(0);
                return;
            }
            boolean isBit = false;
            if (argc == 5) {
                if (Text.is(ctx.arg(4), "bit")) {
                    isBit = true;
                } else if (!Text.is(ctx.arg(4), "byte")) {
                    throw CommandError.SYNTAX;
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
        } else if (argc == 2) {
            start = 0;
            end = p.length - 1;
        } else {
            throw CommandError.SYNTAX;
        }
        if (start > end) {
            ctx.reply().integer(0);
            return;
        }
        long count = BitStrings.popcount(p, (int) start, (int) (end - start + 1));
        count -= Integer.bitCount(p[(int) start] & firstMask);
        count -= Integer.bitCount(p[(int) end] & lastMask);
        ctx.reply().integer(count);
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
        if (!Args.isLong(ctx.arg(2))) {
            throw CommandError.NOT_INTEGER;
        }
        long bit = Numbers.parseLong(ctx.arg(2));
        if (bit != 0 && bit != 1) {
            throw BIT_ARGUMENT;
        }
        byte[] p = ctx.readString(ctx.arg(1));
        if (p == null) {
            ctx.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        int argc = ctx.argc();
        long start;
        long end;
        boolean endGiven = false;
        int firstMask = 0;
        int lastMask = 0;
        if (argc >= 4 && argc <= 6) {
            long totlen = p.length;
            if (!Args.isLong(ctx.arg(3))) {
                throw CommandError.NOT_INTEGER;
            }
            start = Numbers.parseLong(ctx.arg(3));
            boolean isBit = false;
            if (argc == 6) {
                if (Text.is(ctx.arg(5), "bit")) {
                    isBit = true;
                } else if (!Text.is(ctx.arg(5), "byte")) {
                    throw CommandError.SYNTAX;
                }
            }
            if (argc >= 5) {
                if (!Args.isLong(ctx.arg(4))) {
                    throw CommandError.NOT_INTEGER;
                }
                end = Numbers.parseLong(ctx.arg(4));
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
        } else if (argc == 3) {
            start = 0;
            end = p.length - 1;
        } else {
            throw CommandError.SYNTAX;
        }
        if (start > end) {
            ctx.reply().integer(-1);
            return;
        }
        ctx.reply().integer(findBit(p, (int) start, (int) end, (int) bit, firstMask, lastMask, endGiven));
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
        byte[] op = ctx.arg(1);
        boolean and = Text.is(op, "and");
        boolean or = Text.is(op, "or");
        boolean xor = Text.is(op, "xor");
        boolean not = Text.is(op, "not");
        if (!(and || or || xor || not)) {
            throw CommandError.SYNTAX;
        }
        if (not && ctx.argc() != 4) {
            throw BITOP_NOT_ARITY;
        }
        int n = ctx.argc() - 3;
        byte[][] src = new byte[n][];
        int maxlen = 0;
        for (int j = 0; j < n; j++) {
            byte[] v = readOrEmpty(ctx, ctx.arg(j + 3));
            src[j] = v;
            maxlen = Math.max(maxlen, v.length);
        }
        Database db = ctx.db();
        byte[] dest = ctx.arg(2);
        if (maxlen == 0) {
            if (db.remove(dest) != null) {
                db.modified(dest, Events.GENERIC, "del");
            }
            ctx.reply().integer(0);
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
        ctx.reply().integer(maxlen);
    }

    // BITFIELD key [GET encoding offset | [OVERFLOW WRAP | SAT | FAIL] SET encoding offset value |
    //     INCRBY encoding offset increment ...]
    static void bitfield(CommandContext ctx) {
        bitfieldGeneric(ctx, false);
    }

    // BITFIELD_RO key [GET encoding offset ...]
    static void bitfieldRo(CommandContext ctx) {
        bitfieldGeneric(ctx, true);
    }

    private static final int OP_GET = 0;
    private static final int OP_SET = 1;
    private static final int OP_INCRBY = 2;

    /** One parsed BITFIELD operation. */
    private record FieldOp(int opcode, boolean signed, int bits, long offset, long value, int policy) {
    }

    /**
     * BITFIELD and BITFIELD_RO: every operation parsed first, then GETs only read the key, while SET and INCRBY write
     * it and count one change per field that changed (or grew the string), as Redis's dirty counter.
     */
    private static void bitfieldGeneric(CommandContext ctx, boolean readOnlyCommand) {
        byte[][] argv = ctx.argv();
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
                    throw OVERFLOW_TYPE;
                }
                continue;
            } else {
                throw CommandError.SYNTAX;
            }
            byte[] type = argv[j + 1];
            int bits = fieldBits(type);
            if (bits == 0) {
                throw BITFIELD_TYPE;
            }
            boolean signed = type[0] == 'i';
            long offset = bitOffset(ctx, argv[j + 2], bits);
            long value = 0;
            if (opcode != OP_GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                if (!Args.isLong(argv[j + 3])) {
                    throw CommandError.NOT_INTEGER;
                }
                value = Numbers.parseLong(argv[j + 3]);
            }
            ops[count++] = new FieldOp(opcode, signed, bits, offset, value, policy);
            j += opcode == OP_GET ? 2 : 3;
        }
        ReplyWriter reply = ctx.reply();
        if (readOnly) {
            byte[] v = readOrEmpty(ctx, argv[1]);
            reply.array(count);
            for (int k = 0; k < count; k++) {
                FieldOp op = ops[k];
                reply.integer(op.signed ? BitStrings.getSigned(v, op.offset, op.bits)
                        : BitStrings.getUnsigned(v, op.offset, op.bits));
            }
            return;
        }
        if (readOnlyCommand) {
            throw BITFIELD_RO_WRITE;
        }
        KeyEntry e = ctx.writeEntry(argv[1]);
        byte[] old = stringOf(e);
        int needed = (int) (highestWrite >>> 3) + 1;
        boolean grown = e == null || needed > old.length;
        byte[] v = Arrays.copyOf(old, Math.max(old.length, needed));
        int changes = 0;
        reply.array(count);
        for (int k = 0; k < count; k++) {
            FieldOp op = ops[k];
            long current = op.signed ? BitStrings.getSigned(v, op.offset, op.bits)
                    : BitStrings.getUnsigned(v, op.offset, op.bits);
            if (op.opcode == OP_GET) {
                reply.integer(current);
                continue;
            }
            long base = op.opcode == OP_INCRBY ? current : op.value;
            long incr = op.opcode == OP_INCRBY ? op.value : 0;
            int direction = BitFieldMath.overflow(op.signed, base, incr, op.bits);
            if (direction != 0 && op.policy == BitFieldMath.FAIL) {
                reply.nullBulk();
                continue;
            }
            long next = BitFieldMath.result(op.signed, base, incr, op.bits, direction, op.policy);
            reply.integer(op.opcode == OP_INCRBY ? next : current);
            BitStrings.set(v, op.offset, op.bits, next);
            if (grown || current != next) {
                changes++;
            }
        }
        Database db = ctx.db();
        if (grown || changes > 0) {
            store(db, argv[1], e, v);
        }
        if (changes > 0) {
            db.modified(argv[1], Events.STRING, "setbit");
            db.keyspace().addDirty(changes - 1);
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
