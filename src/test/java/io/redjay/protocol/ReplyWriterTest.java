package io.redjay.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every reply shape in both protocol versions, compared with the bytes Redis 7.0 sends for it. */
class ReplyWriterTest {
    private final ByteBuf buf = Unpooled.buffer();

    @AfterEach
    void release() {
        buf.release();
    }

    private String write(int protocol, Consumer<ReplyWriter> body) {
        buf.clear();
        ReplyWriter w = new ReplyWriter();
        w.target(buf);
        w.protocol(protocol);
        body.accept(w);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private String resp2(Consumer<ReplyWriter> body) {
        return write(2, body);
    }

    private String resp3(Consumer<ReplyWriter> body) {
        return write(3, body);
    }

    @Test
    void simpleAndStatus() {
        assertEquals("+OK\r\n", resp2(ReplyWriter::ok));
        assertEquals("+PONG\r\n", resp3(w -> w.simple("PONG")));
    }

    @Test
    void errorsReplaceNewlinesAndAreCounted() {
        ReplyWriter w = new ReplyWriter();
        w.target(buf);
        w.error("ERR bad\r\nthing");
        w.error("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertEquals("-ERR bad  thing\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                buf.toString(StandardCharsets.ISO_8859_1));
        assertEquals(2, w.errorsWritten());
        assertEquals("WRONGTYPE", w.lastErrorPrefix());
    }

    @Test
    void integers() {
        assertEquals(":0\r\n", resp2(w -> w.integer(0)));
        assertEquals(":1023\r\n", resp2(w -> w.integer(1023)));
        assertEquals(":1024\r\n", resp2(w -> w.integer(1024)));
        assertEquals(":-1\r\n", resp2(w -> w.integer(-1)));
        assertEquals(":9223372036854775807\r\n", resp2(w -> w.integer(Long.MAX_VALUE)));
        assertEquals(":-9223372036854775808\r\n", resp3(w -> w.integer(Long.MIN_VALUE)));
        assertEquals(":1000000000\r\n", resp2(w -> w.integer(1_000_000_000L)));
    }

    @Test
    void bulkStrings() {
        assertEquals("$5\r\nhello\r\n", resp2(w -> w.bulk("hello".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("$0\r\n\r\n", resp2(w -> w.bulk(new byte[0])));
        assertEquals("$2\r\nel\r\n", resp2(w -> w.bulk("hello".getBytes(StandardCharsets.US_ASCII), 1, 2)));
        String big = "x".repeat(5000);
        assertEquals("$5000\r\n" + big + "\r\n", resp2(w -> w.bulk(big)));
        assertEquals("$4\r\n-123\r\n", resp2(w -> w.bulkLong(-123)));
    }

    @Test
    void nulls() {
        assertEquals("$-1\r\n", resp2(ReplyWriter::nullBulk));
        assertEquals("*-1\r\n", resp2(ReplyWriter::nullArray));
        assertEquals("_\r\n", resp3(ReplyWriter::nullBulk));
        assertEquals("_\r\n", resp3(ReplyWriter::nullArray));
        assertEquals("$-1\r\n$1\r\na\r\n", resp2(w -> {
            w.bulkOrNull(null);
            w.bulkOrNull(new byte[] {'a'});
        }));
    }

    @Test
    void aggregates() {
        assertEquals("*2\r\n", resp2(w -> w.array(2)));
        assertEquals("*5000\r\n", resp3(w -> w.array(5000)));
        assertEquals("*0\r\n", resp3(ReplyWriter::emptyArray));
        assertEquals("*4\r\n", resp2(w -> w.map(2)));
        assertEquals("%2\r\n", resp3(w -> w.map(2)));
        assertEquals("%2000\r\n", resp3(w -> w.map(2000)));
        assertEquals("*3\r\n", resp2(w -> w.set(3)));
        assertEquals("~3\r\n", resp3(w -> w.set(3)));
        assertEquals("*3\r\n", resp2(w -> w.push(3)));
        assertEquals(">3\r\n", resp3(w -> w.push(3)));
    }

    @Test
    void doublesFollowAddReplyDouble() {
        assertEquals("$3\r\n1.5\r\n", resp2(w -> w.doubleValue(1.5)));
        assertEquals(",1.5\r\n", resp3(w -> w.doubleValue(1.5)));
        assertEquals("$19\r\n0.10000000000000001\r\n", resp2(w -> w.doubleValue(0.1)));
        assertEquals("$1\r\n3\r\n", resp2(w -> w.doubleValue(3.0)));
        assertEquals("$5\r\n1e+18\r\n", resp2(w -> w.doubleValue(1e18)));
        assertEquals(",1.2345678901234568e+17\r\n", resp3(w -> w.doubleValue(123456789012345678.0)));
        assertEquals(",12345678901234568\r\n", resp3(w -> w.doubleValue(12345678901234567.0)));
        assertEquals("$3\r\ninf\r\n", resp2(w -> w.doubleValue(Double.POSITIVE_INFINITY)));
        assertEquals(",-inf\r\n", resp3(w -> w.doubleValue(Double.NEGATIVE_INFINITY)));
        assertEquals(",-0\r\n", resp3(w -> w.doubleValue(-0.0)));
        assertEquals(",0\r\n", resp3(w -> w.doubleValue(0.0)));
        assertEquals(",4.9406564584124654e-324\r\n", resp3(w -> w.doubleValue(Double.MIN_VALUE)));
        assertEquals(",1.5\r\n", resp3(w -> w.doubleText("1.5".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("$3\r\n1.5\r\n", resp2(w -> w.doubleText("1.5".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void booleansBigNumbersVerbatim() {
        assertEquals(":1\r\n", resp2(w -> w.bool(true)));
        assertEquals(":0\r\n", resp2(w -> w.bool(false)));
        assertEquals("#t\r\n", resp3(w -> w.bool(true)));
        assertEquals("#f\r\n", resp3(w -> w.bool(false)));
        assertEquals("(12345678901234567890\r\n", resp3(w -> w.bigNumber("12345678901234567890")));
        assertEquals("$20\r\n12345678901234567890\r\n", resp2(w -> w.bigNumber("12345678901234567890")));
        byte[] text = "a\r\nb".getBytes(StandardCharsets.US_ASCII);
        assertEquals("=8\r\ntxt:a\r\nb\r\n", resp3(w -> w.verbatim("txt", text)));
        assertEquals("$4\r\na\r\nb\r\n", resp2(w -> w.verbatim("txt", text)));
    }

    @Test
    void rawAndProtocolSwitch() {
        ReplyWriter w = new ReplyWriter();
        w.target(buf);
        assertEquals(2, w.protocol());
        assertEquals(false, w.resp3());
        w.protocol(3);
        assertEquals(true, w.resp3());
        w.raw("+QUEUED\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("+QUEUED\r\n", buf.toString(StandardCharsets.ISO_8859_1));
    }
}
