package io.redjay.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request parser must produce the same requests however the bytes are split into reads, so every well-formed
 * input here is parsed whole, byte by byte, and in random chunk sizes, and the results compared. Error cases check
 * Redis's exact message, also when the offending bytes trickle in (one at a time, or in 1021-byte pieces for the
 * 64KB limits, where one byte at a time would rescan the buffer quadratically).
 */
class RequestParserTest {
    private static final long MAX_BULK = 512L * 1024 * 1024;

    private record Limits(boolean authRequired) implements RequestParser.Limits {
        @Override
        public long maxBulkLength() {
            return MAX_BULK;
        }
    }

    private static final Limits OPEN = new Limits(false);
    private static final Limits LOCKED = new Limits(true);

    /** Feeds {@code input} in chunks whose sizes {@code chunk} picks; returns every request parsed. */
    private static List<List<String>> parse(byte[] input, IntSupplier chunk, RequestParser.Limits limits)
            throws ProtocolException {
        RequestParser parser = new RequestParser(limits);
        ByteBuf buf = Unpooled.buffer();
        List<byte[][]> out = new ArrayList<>();
        try {
            int pos = 0;
            while (pos < input.length) {
                int n = Math.min(Math.max(1, chunk.getAsInt()), input.length - pos);
                buf.writeBytes(input, pos, n);
                pos += n;
                parser.parse(buf, out);
                buf.discardReadBytes();
            }
        } finally {
            buf.release();
        }
        List<List<String>> result = new ArrayList<>();
        for (byte[][] request : out) {
            List<String> args = new ArrayList<>();
            for (byte[] a : request) {
                args.add(new String(a, StandardCharsets.ISO_8859_1));
            }
            result.add(args);
        }
        return result;
    }

    /** Parses whole, byte by byte and in random chunks (several seeds); all must agree. Returns the requests. */
    private static List<List<String>> parseAllWays(String input) throws ProtocolException {
        return parseAllWays(input.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<List<String>> parseAllWays(byte[] input) throws ProtocolException {
        List<List<String>> whole = parse(input, () -> input.length, OPEN);
        assertEquals(whole, parse(input, () -> 1, OPEN), "byte by byte");
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            int max = 1 + random.nextInt(Math.max(1, input.length / 3) + 16);
            assertEquals(whole, parse(input, () -> 1 + random.nextInt(max), OPEN), "random chunks, seed " + seed);
        }
        return whole;
    }

    private static String errorOf(String input, RequestParser.Limits limits) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        ProtocolException whole = assertThrows(ProtocolException.class, () -> parse(bytes, () -> bytes.length, limits));
        int step = bytes.length > 4096 ? 1021 : 1;
        ProtocolException trickled = assertThrows(ProtocolException.class, () -> parse(bytes, () -> step, limits));
        assertEquals(whole.getMessage(), trickled.getMessage(), "same error whole and in small pieces");
        return whole.getMessage();
    }

    private static String errorOf(String input) {
        return errorOf(input, OPEN);
    }

    private static List<String> args(String... a) {
        return List.of(a);
    }

    @Test
    void multibulkRequests() throws Exception {
        String input = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n";
        assertEquals(List.of(args("SET", "k", "hello"), args("PING")), parseAllWays(input));
    }

    @Test
    void bulkMayContainCrlfAndBinary() throws Exception {
        String input = "*2\r\n$4\r\nECHO\r\n$6\r\na\r\n\0\u00ffb\r\n";
        assertEquals(List.of(args("ECHO", "a\r\n\0\u00ffb")), parseAllWays(input));
    }

    @Test
    void emptyBulkArgument() throws Exception {
        assertEquals(List.of(args("SET", "k", "")), parseAllWays("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"));
    }

    @Test
    void inlineWithQuotesAndEscapes() throws Exception {
        String input = "SET \"a b\" 'c\\'d' \"\\x41\\n\\t\\\"\\\\\"\r\n";
        assertEquals(List.of(args("SET", "a b", "c'd", "A\n\t\"\\")), parseAllWays(input));
    }

    @Test
    void inlineBlanksAndBareNewline() throws Exception {
        assertEquals(List.of(args("GET", "k"), args("PING")), parseAllWays("  GET   k  \r\nPING\n"));
    }

    @Test
    void inlineQuoteInsideWordJoinsTheWord() throws Exception {
        assertEquals(List.of(args("ECHO", "ab c")), parseAllWays("ECHO a\"b c\"\r\n"));
    }

    @Test
    void emptyLinesAndEmptyMultibulksAreSkipped() throws Exception {
        String input = "\r\n\n   \r\n*0\r\n*-1\r\n*-5\r\nPING\r\n";
        assertEquals(List.of(args("PING")), parseAllWays(input));
    }

    @Test
    void mostNegativeCountIsAnEmptyRequest() throws Exception {
        assertEquals(List.of(args("PING")), parseAllWays("*-9223372036854775808\r\nPING\r\n"));
    }

    @Test
    void inlineAndMultibulkMixed() throws Exception {
        String input = "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO \"x y\"\n*1\r\n$4\r\nPING\r\n";
        assertEquals(List.of(args("PING"), args("ECHO", "hi"), args("ECHO", "x y"), args("PING")),
                parseAllWays(input));
    }

    @Test
    void bigBulkAcrossManyChunks() throws Exception {
        byte[] value = new byte[300_000];
        new Random(42).nextBytes(value);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        buf.writeBytes(value);
        buf.writeBytes("\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] input = buf.toByteArray();
        for (int chunk : new int[] {input.length, 1, 7, 1000, 65536}) {
            List<List<String>> requests = parse(input, () -> chunk, OPEN);
            assertEquals(2, requests.size(), "chunk " + chunk);
            assertArrayEquals(value, requests.get(0).get(2).getBytes(StandardCharsets.ISO_8859_1), "chunk " + chunk);
            assertEquals(args("PING"), requests.get(1));
        }
    }

    @Test
    void manyArgumentsGrowTheVector() throws Exception {
        StringBuilder sb = new StringBuilder("*3001\r\n$4\r\nMSET\r\n");
        for (int i = 0; i < 3000; i++) {
            String a = Integer.toString(i);
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        List<List<String>> requests = parseAllWays(sb.toString());
        assertEquals(1, requests.size());
        assertEquals(3001, requests.get(0).size());
        assertEquals("2999", requests.get(0).get(3000));
    }

    @Test
    void partialRequestIsReportedInProgress() throws Exception {
        RequestParser parser = new RequestParser(OPEN);
        ByteBuf buf = Unpooled.copiedBuffer("*2\r\n$4\r\nECHO\r\n$5\r\nhe", StandardCharsets.US_ASCII);
        List<byte[][]> out = new ArrayList<>();
        parser.parse(buf, out);
        assertTrue(out.isEmpty());
        assertTrue(parser.inProgress());
        buf.writeBytes("llo\r\n".getBytes(StandardCharsets.US_ASCII));
        parser.parse(buf, out);
        assertEquals(1, out.size());
        assertEquals("hello", new String(out.get(0)[1], StandardCharsets.US_ASCII));
        assertEquals(false, parser.inProgress());
        buf.release();
    }

    @Test
    void requestsBeforeAnErrorAreDelivered() {
        RequestParser parser = new RequestParser(OPEN);
        ByteBuf buf = Unpooled.copiedBuffer("PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n", StandardCharsets.US_ASCII);
        List<byte[][]> out = new ArrayList<>();
        assertThrows(ProtocolException.class, () -> parser.parse(buf, out));
        assertEquals(2, out.size());
        buf.release();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*abc\r\n", "*01\r\n", "*-0\r\n", "*+1\r\n", "*\r\n", "*1x\r\n", "*2147483648\r\n",
            "*99999999999999999999\r\n", "*123456789012345678901\r\n"})
    void invalidMultibulkLength(String input) {
        assertEquals("Protocol error: invalid multibulk length", errorOf(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*1\r\n$abc\r\n", "*1\r\n$-1\r\n", "*1\r\n$-0\r\n", "*1\r\n$04\r\n", "*1\r\n$+4\r\n",
            "*1\r\n$\r\n", "*1\r\n$2147483648\r\n", "*1\r\n$536870913\r\n"})
    void invalidBulkLength(String input) {
        assertEquals("Protocol error: invalid bulk length", errorOf(input));
    }

    @Test
    void bulkLengthUpToTheLimitIsAccepted() throws Exception {
        assertEquals(List.of(), parse("*1\r\n$536870912\r\nabc".getBytes(StandardCharsets.US_ASCII), () -> 3, OPEN));
    }

    @Test
    void expectedDollar() {
        assertEquals("Protocol error: expected '$', got 'x'", errorOf("*1\r\nx\r\n"));
        assertEquals("Protocol error: expected '$', got ':'", errorOf("*2\r\n$1\r\na\r\n:1\r\n"));
    }

    @Test
    void unbalancedQuotes() {
        assertEquals("Protocol error: unbalanced quotes in request", errorOf("GET \"k\r\n"));
        assertEquals("Protocol error: unbalanced quotes in request", errorOf("GET 'k\r\n"));
        assertEquals("Protocol error: unbalanced quotes in request", errorOf("ECHO \"a\"b\r\n"));
    }

    @Test
    void tooBigInlineRequest() throws Exception {
        byte[] atLimit = new byte[RequestParser.INLINE_MAX];
        Arrays.fill(atLimit, (byte) 'a');
        assertEquals(List.of(), parse(atLimit, () -> 4096, OPEN), "exactly 64KB without newline is still waiting");
        assertEquals("Protocol error: too big inline request", errorOf("a".repeat(RequestParser.INLINE_MAX + 1)));
    }

    @Test
    void longInlineLineArrivingWholeIsAccepted() throws Exception {
        String line = "ECHO " + "b".repeat(100_000) + "\r\n";
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        List<List<String>> requests = parse(bytes, () -> bytes.length, OPEN);
        assertEquals(100_000, requests.get(0).get(1).length());
    }

    @Test
    void tooBigCountStrings() {
        assertEquals("Protocol error: too big mbulk count string",
                errorOf("*" + "1".repeat(RequestParser.INLINE_MAX + 1)));
        assertEquals("Protocol error: too big bulk count string",
                errorOf("*1\r\n$" + "1".repeat(RequestParser.INLINE_MAX + 1)));
    }

    @Test
    void unauthenticatedLimits() throws Exception {
        assertEquals("Protocol error: unauthenticated multibulk length", errorOf("*11\r\n", LOCKED));
        assertEquals("Protocol error: unauthenticated bulk length", errorOf("*1\r\n$16385\r\n", LOCKED));
        byte[] ten = "*10\r\n$16384\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), parse(ten, () -> 1, LOCKED), "10 arguments of 16KB are allowed before AUTH");
        byte[] big = "*11\r\n$16385\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(), parse(big, () -> 1, OPEN), "no limits once authenticated");
    }

    @Test
    void clearDropsAPartialRequest() throws Exception {
        RequestParser parser = new RequestParser(OPEN);
        ByteBuf buf = Unpooled.copiedBuffer("*2\r\n$4\r\nECHO\r\n$5\r\nhe", StandardCharsets.US_ASCII);
        List<byte[][]> out = new ArrayList<>();
        parser.parse(buf, out);
        parser.clear();
        buf.clear();
        buf.writeBytes("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        parser.parse(buf, out);
        assertEquals(1, out.size());
        assertEquals("PING", new String(out.get(0)[0], StandardCharsets.US_ASCII));
        buf.release();
    }
}
