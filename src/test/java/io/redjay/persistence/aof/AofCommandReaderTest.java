package io.redjay.persistence.aof;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AOF command stream read as Redis's loader reads it: commands, clean ends, truncation and bad format. */
class AofCommandReaderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString();
    }

    private static AofCommandReader reader(byte[] content, long start) {
        return new AofCommandReader(new ByteArrayInputStream(content), start, start + content.length);
    }

    /** All commands as strings joined by spaces; the reader is left at the end. */
    private static List<String> readAll(AofCommandReader r) throws Exception {
        List<String> out = new ArrayList<>();
        byte[][] argv;
        while ((argv = r.next()) != null) {
            out.add(String.join(" ", Arrays.stream(argv).map(a -> new String(a, StandardCharsets.ISO_8859_1))
                    .toList()));
        }
        return out;
    }

    @Test
    void commandsAndAnnotationsWithAbsoluteOffsets() throws Exception {
        String text = "#TS:1700000000\r\n" + resp("SELECT", "0") + "#note\n" + resp("SET", "k", "") + "#tail";
        List<String> seen = new ArrayList<>();
        AofCommandReader r = new AofCommandReader(new ByteArrayInputStream(b(text)), 100, -1,
                (offset, line) -> seen.add(offset + ":" + new String(line, StandardCharsets.US_ASCII)));
        assertEquals(List.of("SELECT 0", "SET k "), readAll(r));
        long second = 100 + "#TS:1700000000\r\n".length() + resp("SELECT", "0").length();
        assertEquals(List.of("100:#TS:1700000000", second + ":#note", (100 + text.length() - 5) + ":#tail"), seen);
        assertEquals(100 + text.length() - 5, r.validUpTo());
        assertEquals(100 + text.length(), r.position());
        assertNull(r.next());
    }

    @Test
    void binaryArgumentsAndLargeOnesArriveWhole() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b("*2\r\n$3\r\nSET\r\n$" + big.length + "\r\n"));
        out.writeBytes(big);
        out.writeBytes(b("\r\n"));
        AofCommandReader r = new AofCommandReader(new ByteArrayInputStream(out.toByteArray()), 0, -1);
        byte[][] argv = r.next();
        assertArrayEquals(big, argv[1]);
        assertNull(r.next());
        assertEquals(out.size(), r.validUpTo());
    }

    @Test
    void numbersAndTerminatorsAreReadAsLenientlyAsRedisDoes() throws Exception {
        String text = "* 2junk\r\n$ 3x\r\nSETAB$1\n\nXY*1\n$4\r\nPING\r\n";
        assertEquals(List.of("SET \n", "PING"), readAll(reader(b(text), 0)));
    }

    @Test
    void everyCutInsideACommandIsTruncationAtTheLastCompleteOne() throws Exception {
        String[] parts = {"#TS:1\r\n", resp("SELECT", "0"), resp("SET", "key", "value"), "#a\r\n",
            resp("DEL", "key")};
        String text = String.join("", parts);
        List<Integer> ends = new ArrayList<>();
        int at = 0;
        for (String p : parts) {
            at += p.length();
            ends.add(at);
        }
        for (int n = 0; n <= text.length(); n++) {
            byte[] prefix = b(text.substring(0, n));
            AofCommandReader r = reader(prefix, 7);
            int lastEnd = 0;
            int commands = 0;
            for (int i = 0; i < parts.length; i++) {
                if (ends.get(i) <= n) {
                    lastEnd = ends.get(i);
                    commands += parts[i].startsWith("*") ? 1 : 0;
                }
            }
            boolean clean = n == lastEnd || text.charAt(lastEnd) == '#';
            if (clean) {
                assertEquals(commands, readAll(r).size(), "prefix " + n);
                assertEquals(7 + lastCommandEnd(parts, n), r.validUpTo(), "prefix " + n);
            } else {
                AofStreamException e = assertThrows(AofStreamException.class, () -> readAll(r), "prefix " + n);
                assertEquals(AofStreamException.Kind.TRUNCATED, e.kind(), "prefix " + n);
                assertEquals(7 + lastCommandEnd(parts, n), e.offset(), "prefix " + n);
                assertEquals(e.offset(), r.validUpTo());
            }
        }
    }

    private static int lastCommandEnd(String[] parts, int n) {
        int at = 0;
        int last = 0;
        for (String p : parts) {
            at += p.length();
            if (at <= n && p.startsWith("*")) {
                last = at;
            }
        }
        return last;
    }

    @Test
    void garbageIsBadFormatWhereItStarts() throws Exception {
        assertBad("hello\r\n", 0);
        assertBad(resp("PING") + "\r\n", 14);
        assertBad("*0\r\n", 0);
        assertBad("*-3\r\n", 0);
        assertBad("*x\r\n", 0);
        assertBad("*99999999999999999999\r\n", 0);
        assertBad("*\0\r\n", 0);
        assertBad("*2\r\n$3\r\nSET\r\nkey\r\n", 13);
        assertBad("*1\r\n$-1\r\n", 4);
        assertBad("#" + "c".repeat(1022) + "overflow\r\n", 1023);
    }

    private static void assertBad(String text, long offset) {
        AofCommandReader r = reader(b(text), 0);
        AofStreamException e = assertThrows(AofStreamException.class, () -> readAll(r), text);
        assertEquals(AofStreamException.Kind.BAD_FORMAT, e.kind(), text);
        assertEquals(offset, e.offset(), text);
    }

    @Test
    void aStarAloneAtTheEndIsTruncation() {
        AofCommandReader r = reader(b(resp("PING") + "*"), 0);
        AofStreamException e = assertThrows(AofStreamException.class, () -> readAll(r));
        assertEquals(AofStreamException.Kind.TRUNCATED, e.kind());
        assertEquals(14, e.offset());
    }

    @Test
    void hugeDeclaredSizesOnAShortFileAreTruncationWithoutAllocatingThem() throws Exception {
        for (long size : new long[] {-1, 0}) {
            String text = resp("PING") + "*2000000000\r\n$1\r\na\r\n";
            AofStreamException e = assertThrows(AofStreamException.class,
                    () -> readAll(sized(b(text), size)));
            assertEquals(AofStreamException.Kind.TRUNCATED, e.kind());
            assertEquals(14, e.offset());

            String bulk = resp("PING") + "*1\r\n$9000000000000000000\r\nab";
            e = assertThrows(AofStreamException.class, () -> readAll(sized(b(bulk), size)));
            assertEquals(AofStreamException.Kind.TRUNCATED, e.kind());
            assertEquals(14, e.offset());
        }
    }

    /** {@code size} 0 means "the real size", -1 unknown; the stream refuses reads of more than it holds. */
    private static AofCommandReader sized(byte[] content, long size) {
        InputStream in = new ByteArrayInputStream(content);
        return new AofCommandReader(in, 0, size == 0 ? content.length : -1);
    }

    @Test
    void aFileShorterThanItsClaimedSizeIsStillTruncation() {
        byte[] text = b("*1\r\n$3000000000\r\nabc");
        AofCommandReader r = new AofCommandReader(new ByteArrayInputStream(text), 0, 4_000_000_000L);
        AofStreamException e = assertThrows(AofStreamException.class, r::next);
        assertEquals(AofStreamException.Kind.TRUNCATED, e.kind());
        assertEquals(0, e.offset());
    }

    @Test
    void transactionsAreTrackedAsInformation() throws Exception {
        String done = resp("SET", "a", "1") + resp("multi") + resp("INCR", "c") + resp("EXEC");
        String open = resp("MULTI") + resp("INCR", "c") + resp("MULTI") + resp("DEL", "c");
        AofCommandReader r = reader(b(done + open), 0);
        assertEquals(8, readAll(r).size());
        assertTrue(r.inMulti());
        int secondMulti = done.length() + resp("MULTI").length() + resp("INCR", "c").length();
        assertEquals(secondMulti, r.validBeforeMulti());

        AofCommandReader closed = reader(b(done), 0);
        readAll(closed);
        assertFalse(closed.inMulti());
        assertEquals(resp("SET", "a", "1").length(), closed.validBeforeMulti());
    }
}
