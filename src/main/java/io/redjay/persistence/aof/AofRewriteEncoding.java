package io.redjay.persistence.aof;

import io.redjay.keyspace.Clock;
import io.redjay.keyspace.KeyEntry;
import io.redjay.persistence.rdb.RdbOutput;
import io.redjay.persistence.rdb.RdbSnapshot;

import java.nio.charset.StandardCharsets;

/**
 * The base of an AOF rewrite in the AOF format ({@code aof-use-rdb-preamble no}): the commands Redis 7.0's
 * {@code rewriteAppendOnlyFileRio} writes, produced by the same fork-less snapshot engine as an RDB
 * ({@link RdbSnapshot}), which only asks its encoder for the framing and the keys.
 *
 * <p>The framing is slight. The file may start with a {@code #TS:<unix seconds>} annotation (with
 * {@code aof-timestamp-enabled}, so that {@code redis-check-aof --truncate-to-timestamp} has a mark to cut at);
 * each database's keys follow a {@code SELECT}, written whenever the engine moves to another database (Redis writes one
 * per non-empty database; the engine may come back to one, which costs another {@code SELECT} and means the same);
 * nothing ends the file. A {@code FUNCTION LOAD} per library comes first, as Redis's {@code rewriteFunctions}
 * writes them, so that the functions the commands' scripts were written for exist again after a replay.
 *
 * <p>Two writers, as the RDB encoding has two encoders: a large value is written across many snapshot slices, and
 * keys the engine encodes whole in between (into its side buffer) must not disturb where that value stands.
 */
public final class AofRewriteEncoding implements RdbSnapshot.Encoder {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FUNCTION = "FUNCTION".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOAD = "LOAD".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = "#TS:".getBytes(StandardCharsets.US_ASCII);

    private final Clock clock;
    private final boolean timestamps;
    private final RespWriter resp = new RespWriter();
    private final KeyCommands whole = new KeyCommands(resp);
    private final KeyCommands stepped = new KeyCommands(resp);
    private final java.util.List<byte[]> functions;

    /**
     * {@code timestamps} is {@code aof-timestamp-enabled}; {@code clock} gives the annotation's time (the server's
     * wall clock, the keyspace's {@link io.redjay.keyspace.Keyspace#clock}).
     */
    public AofRewriteEncoding(Clock clock, boolean timestamps) {
        this(clock, timestamps, java.util.List.of());
    }

    /** The same, the file starting with a {@code FUNCTION LOAD} of each library in {@code functions} (codes). */
    public AofRewriteEncoding(Clock clock, boolean timestamps, java.util.List<byte[]> functions) {
        this.clock = clock;
        this.timestamps = timestamps;
        this.functions = functions;
    }

    @Override
    public void header(RdbOutput out) {
        if (timestamps) {
            out.write(TIMESTAMP, 0, TIMESTAMP.length);
            byte[] seconds = Long.toString(clock.millis() / 1000).getBytes(StandardCharsets.US_ASCII);
            out.write(seconds, 0, seconds.length);
            out.write('\r');
            out.write('\n');
        }
        for (byte[] code : functions) {
            resp.arrayHeader(out, 3);
            resp.bulk(out, FUNCTION);
            resp.bulk(out, LOAD);
            resp.bulk(out, code);
        }
    }

    @Override
    public void selectDb(RdbOutput out, int db, long size, long expires) {
        resp.arrayHeader(out, 2);
        resp.bulk(out, SELECT);
        resp.bulk(out, db);
    }

    @Override
    public void key(RdbOutput out, KeyEntry e) {
        whole.start(e);
        whole.step(out, Long.MAX_VALUE);
    }

    @Override
    public void keyStart(RdbOutput out, KeyEntry e) {
        stepped.start(e);
    }

    @Override
    public boolean valueStep(RdbOutput out, long elements) {
        return stepped.step(out, elements);
    }

    @Override
    public void abandon() {
        stepped.abandon();
    }

    /** Nothing: an AOF has no end marker (the commands logged after the rewrite go in the next file). */
    @Override
    public void end(RdbOutput out) {
    }
}
