package io.redjay.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;

import java.util.List;

/**
 * Incremental parser for client requests: RESP multibulk ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and the inline
 * form ({@code GET k\n}) that telnet and nc users type.
 *
 * <p>The parser keeps its position inside a partially received multibulk request (how many arguments are still
 * missing and the length of the bulk being read), so a 512 MB value arriving in 64 KB reads is scanned once, not once
 * per read. It consumes bytes from the caller's cumulation buffer only when a whole element is available, copying each
 * argument straight into a {@code byte[]}: arguments are data, the only allocation per command. An argument of
 * {@value #BIG_ARG} bytes or more (Redis's big-argument size) is different: its final array is allocated as soon as
 * its length is known, and every read is copied into it and consumed at once, so the cumulation buffer never holds
 * more than one read of it and never grows by copying; a gigabyte upload is copied exactly once. The array comes from
 * {@link Limits#allocate}, which may hand it over later (zeroing 100 MB takes the allocating thread tens of
 * milliseconds, which the transport does elsewhere); what arrives in the meantime is set aside in read-sized pieces
 * and copied in once the array is there, and the transport parses again when it is.
 *
 * <p>Limits and error texts follow Redis's {@code processMultibulkBuffer}/{@code processInlineBuffer}: at most
 * {@value #INLINE_MAX} bytes of an inline request or a length line, multibulk counts up to {@code INT_MAX}, bulk
 * lengths up to {@code proto-max-bulk-len}, and stricter limits (10 arguments, 16 KB bulks) before authentication.
 */
public final class RequestParser {
    public static final int INLINE_MAX = 64 * 1024;
    /** Bulk arguments at least this long are read straight into their final array. */
    public static final int BIG_ARG = 32 * 1024;

    private static final ByteProcessor FIND_CR = ByteProcessor.FIND_CR;

    private final Limits limits;
    private int multibulkRemaining;
    private long bulkLength = -1;
    private byte[][] args;
    private int argc;
    private byte[] big;
    private java.util.function.Supplier<byte[]> bigPending;
    private final java.util.ArrayDeque<byte[]> staged = new java.util.ArrayDeque<>();
    private int stagedBytes;
    private int bigFilled;
    private long partialBytes;
    private long bigStarted;

    /** What the parser needs to know of the connection and configuration. */
    public interface Limits {
        long maxBulkLength();

        boolean authRequired();

        /**
         * The array for a big argument of {@code length} bytes: the supplier returns null until it is allocated.
         * By default it is allocated at once.
         */
        default java.util.function.Supplier<byte[]> allocate(int length) {
            byte[] a = new byte[length];
            return () -> a;
        }
    }

    public RequestParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * Parses as many whole requests as {@code in} holds and appends each as an argument vector to {@code out}.
     * Empty requests (blank inline lines, {@code *0}) are skipped.
     */
    public void parse(ByteBuf in, List<byte[][]> out) throws ProtocolException {
        while (in.isReadable()) {
            byte[][] request;
            if (multibulkRemaining == 0 && in.getByte(in.readerIndex()) != '*') {
                request = parseInline(in);
                if (request == null) {
                    return;
                }
                if (request.length == 0) {
                    continue;
                }
            } else {
                request = parseMultibulk(in);
                if (request == null) {
                    return;
                }
                if (request.length == 0) {
                    continue;
                }
            }
            out.add(request);
        }
    }

    /** True while a request has been started but not completed; the caller uses it for the query buffer limit. */
    public boolean inProgress() {
        return multibulkRemaining > 0;
    }

    /** Bytes of the complete arguments of the request being received (Redis holds them in the client's argv). */
    public long partialArgvBytes() {
        return partialBytes;
    }

    /** The full length of a big argument still arriving, whose array is (being) allocated; 0 when none is. */
    public long bigArgAllocated() {
        return bulkLength >= BIG_ARG ? bulkLength : 0;
    }

    /** The length of the longest big argument started since the last call, 0 if none: Redis sizes its buffer so. */
    public long takeBigArgStarted() {
        long b = bigStarted;
        bigStarted = 0;
        return b;
    }

    /** Bytes received of a big argument still arriving (Redis holds them in the query buffer). */
    public long bigArgBytes() {
        return bigFilled + stagedBytes;
    }

    private static final byte[][] EMPTY = new byte[0][];

    private byte[][] parseInline(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX) {
                throw new ProtocolException("Protocol error: too big inline request", "too big inline request");
            }
            return null;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        List<byte[]> parts = InlineSplitter.split(line);
        if (parts == null) {
            throw new ProtocolException("Protocol error: unbalanced quotes in request",
                    "unbalanced quotes in inline request");
        }
        return parts.isEmpty() ? EMPTY : parts.toArray(new byte[0][]);
    }

    private byte[][] parseMultibulk(ByteBuf in) throws ProtocolException {
        if (multibulkRemaining == 0) {
            int start = in.readerIndex();
            int cr = in.forEachByte(start, in.readableBytes(), FIND_CR);
            if (cr < 0) {
                if (in.readableBytes() > INLINE_MAX) {
                    throw new ProtocolException("Protocol error: too big mbulk count string",
                            "too big mbulk count string");
                }
                return null;
            }
            if (cr + 1 >= in.writerIndex()) {
                return null;
            }
            long n = parseLong(in, start + 1, cr);
            if (n == INVALID && isMinLong(in, start + 1, cr)) {
                in.readerIndex(cr + 2);
                return EMPTY;
            }
            if (n == INVALID || n > Integer.MAX_VALUE) {
                throw new ProtocolException("Protocol error: invalid multibulk length", "invalid mbulk count");
            }
            if (n > 10 && limits.authRequired()) {
                throw new ProtocolException("Protocol error: unauthenticated multibulk length", "unauth mbulk count");
            }
            in.readerIndex(cr + 2);
            if (n <= 0) {
                return EMPTY;
            }
            multibulkRemaining = (int) n;
            args = new byte[(int) Math.min(n, 1024)][];
            argc = 0;
        }
        while (multibulkRemaining > 0) {
            if (bulkLength < 0) {
                int start = in.readerIndex();
                int cr = in.forEachByte(start, in.readableBytes(), FIND_CR);
                if (cr < 0) {
                    if (in.readableBytes() > INLINE_MAX) {
                        throw new ProtocolException("Protocol error: too big bulk count string",
                                "too big bulk count string");
                    }
                    return null;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return null;
                }
                byte first = in.getByte(start);
                if (first != '$') {
                    throw new ProtocolException("Protocol error: expected '$', got '" + (char) (first & 0xff) + "'",
                            "expected $ but got something else");
                }
                long len = parseLong(in, start + 1, cr);
                if (len < 0 || len > limits.maxBulkLength()) {
                    throw new ProtocolException("Protocol error: invalid bulk length", "invalid bulk length");
                }
                if (len > 16384 && limits.authRequired()) {
                    throw new ProtocolException("Protocol error: unauthenticated bulk length", "unauth bulk length");
                }
                in.readerIndex(cr + 2);
                bulkLength = len;
            }
            byte[] arg;
            if (bulkLength >= BIG_ARG) {
                arg = fillBig(in);
                if (arg == null) {
                    return null;
                }
            } else {
                if (in.readableBytes() < bulkLength + 2) {
                    return null;
                }
                arg = new byte[(int) bulkLength];
                in.readBytes(arg);
            }
            in.skipBytes(2);
            bulkLength = -1;
            partialBytes += arg.length;
            if (argc == args.length) {
                byte[][] grown = new byte[(int) Math.min((long) args.length * 2, (long) argc + multibulkRemaining)][];
                System.arraycopy(args, 0, grown, 0, argc);
                args = grown;
            }
            args[argc++] = arg;
            multibulkRemaining--;
        }
        byte[][] request = args.length == argc ? args : java.util.Arrays.copyOf(args, argc);
        args = null;
        argc = 0;
        partialBytes = 0;
        return request;
    }

    /** Moves what {@code in} holds of the big argument into its array; returns it once it and its CRLF are in. */
    private byte[] fillBig(ByteBuf in) {
        if (big == null) {
            if (bigPending == null) {
                bigStarted = Math.max(bigStarted, bulkLength);
                bigPending = limits.allocate((int) bulkLength);
                bigFilled = 0;
            }
            byte[] ready = bigPending.get();
            if (ready == null) {
                int n = (int) Math.min(in.readableBytes(), bulkLength - stagedBytes);
                if (n > 0) {
                    byte[] piece = new byte[n];
                    in.readBytes(piece);
                    staged.add(piece);
                    stagedBytes += n;
                }
                return null;
            }
            big = ready;
            bigPending = null;
            for (byte[] piece = staged.poll(); piece != null; piece = staged.poll()) {
                System.arraycopy(piece, 0, big, bigFilled, piece.length);
                bigFilled += piece.length;
            }
            stagedBytes = 0;
        }
        int n = Math.min(in.readableBytes(), big.length - bigFilled);
        in.readBytes(big, bigFilled, n);
        bigFilled += n;
        if (bigFilled < big.length || in.readableBytes() < 2) {
            return null;
        }
        byte[] arg = big;
        big = null;
        bigFilled = 0;
        return arg;
    }

    /**
     * Parses a length field between {@code from} and {@code to} with Redis's {@code string2ll} rules (no sign but a
     * leading minus, no leading zeros, no {@code -0}, at most 20 characters). Returns {@link #INVALID} when it is not
     * a valid number; the one valid input with that value, {@code -9223372036854775808}, is told apart by
     * {@link #isMinLong}, on the error path only.
     */
    private static long parseLong(ByteBuf in, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) {
            return INVALID;
        }
        if (len == 1 && in.getByte(from) == '0') {
            return 0;
        }
        int i = from;
        boolean negative = in.getByte(i) == '-';
        if (negative) {
            i++;
        }
        if (i == to || in.getByte(i) < '1' || in.getByte(i) > '9') {
            return INVALID;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                return INVALID;
            }
            value = value * 10 - d;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? INVALID : -value;
    }

    private static final long INVALID = Long.MIN_VALUE;

    private static boolean isMinLong(ByteBuf in, int from, int to) {
        return to - from == MIN_LONG.length && ByteBufUtil.equals(in, from, Unpooled.wrappedBuffer(MIN_LONG), 0,
                MIN_LONG.length);
    }

    private static final byte[] MIN_LONG = Resp.ascii(Long.toString(Long.MIN_VALUE));

    /** Drops any partial request, for RESET-like situations; keeps the parser usable. */
    public void clear() {
        multibulkRemaining = 0;
        bulkLength = -1;
        args = null;
        argc = 0;
        big = null;
        bigPending = null;
        staged.clear();
        stagedBytes = 0;
        bigFilled = 0;
        partialBytes = 0;
    }
}
