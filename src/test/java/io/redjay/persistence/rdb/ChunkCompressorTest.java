package io.redjay.persistence.rdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compression moved off the executor: an encoder that defers LZF writes plain strings and marks them, and the file's
 * thread gives them the form the inline encoder would have written: the same bytes, since LZF's output depends on
 * its input alone, and bytes a reader gets back as they were.
 */
class ChunkCompressorTest {
    private static List<byte[]> strings() {
        Random r = new Random(7);
        List<byte[]> out = new ArrayList<>();
        out.add("a".repeat(100).getBytes(StandardCharsets.US_ASCII));
        out.add("abc".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        out.add("x".repeat(20).getBytes(StandardCharsets.US_ASCII));
        out.add("12345".getBytes(StandardCharsets.US_ASCII));
        out.add(new byte[0]);
        byte[] random = new byte[300];
        r.nextBytes(random);
        out.add(random);
        for (int i = 0; i < 200; i++) {
            byte[] v = new byte[r.nextInt(2000)];
            for (int j = 0; j < v.length; j++) {
                v[j] = (byte) (r.nextBoolean() ? 'q' : r.nextInt(256));
            }
            out.add(v);
        }
        return out;
    }

    private static byte[] encode(RdbEncoder encoder, List<byte[]> strings, boolean throughCompressor) {
        RdbOutput out = new RdbOutput(64);
        for (byte[] s : strings) {
            encoder.string(out, s);
        }
        if (!throughCompressor) {
            return out.toByteArray();
        }
        RdbOutput.View v = new ChunkCompressor().compress(out.swapOut(new byte[16]));
        return Arrays.copyOf(v.array(), v.length());
    }

    private static List<byte[]> decode(byte[] encoded, int count) throws RdbException {
        RdbInput in = new RdbInput(new ByteArrayInputStream(encoded));
        List<byte[]> back = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            back.add(in.readString());
        }
        assertEquals(encoded.length, in.offset(), "nothing left over");
        return back;
    }

    @Test
    void deferredStringsReadBackAsWrittenAndAreCompressedWhereInlineWouldBe() throws RdbException {
        List<byte[]> strings = strings();
        byte[] inline = encode(new RdbEncoder(true), strings, false);
        byte[] deferred = encode(RdbEncoder.deferringCompression(true), strings, true);
        List<byte[]> back = decode(deferred, strings.size());
        for (int i = 0; i < strings.size(); i++) {
            assertArrayEquals(strings.get(i), back.get(i), "string " + i);
        }
        long raw = encode(new RdbEncoder(false), strings, false).length;
        assertTrue(deferred.length < raw - 14_000, "compressed: " + deferred.length + " of " + raw);
        assertArrayEquals(inline, deferred, "what inline compression writes");
        assertEquals(0xC3, deferred[0] & 0xff, "a long run is LZF");
    }

    @Test
    void stringsThatDoNotPayAndCompressionOffPassThroughUnchanged() throws RdbException {
        byte[] random = new byte[300];
        new Random(3).nextBytes(random);
        List<byte[]> strings = List.of(random, "short".getBytes(StandardCharsets.US_ASCII), "7".getBytes(
                StandardCharsets.US_ASCII));
        assertArrayEquals(encode(new RdbEncoder(true), strings, false),
                encode(RdbEncoder.deferringCompression(true), strings, true));
        RdbOutput plain = new RdbOutput(64);
        RdbEncoder.deferringCompression(false).string(plain, "a".repeat(100).getBytes(StandardCharsets.US_ASCII));
        RdbChunk chunk = plain.swapOut(new byte[16]);
        assertEquals(0, chunk.spans().length, "nothing marked with rdbcompression no");
        assertEquals(100, decode(Arrays.copyOf(chunk.bytes(), chunk.length()), 1).get(0).length);
    }
}
