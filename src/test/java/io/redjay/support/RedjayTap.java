package io.redjay.support;

import io.redjay.command.PropagationSink;
import io.redjay.command.Propagator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redjay's propagated stream, read in-process as a replica would receive it: attached to the propagator as a
 * replication sink, it records each command and a SELECT whenever the database changes (starting unselected, as a
 * freshly synced replica does).
 */
public final class RedjayTap implements StreamTap, PropagationSink {
    private final TestServer server;
    private final List<String> lines = new ArrayList<>();
    private final List<byte[][]> raw = new ArrayList<>();
    private boolean recordRaw;
    private int selected = -1;
    private final RawClient control;

    private RedjayTap(TestServer server) throws java.io.IOException {
        this.server = server;
        this.control = new RawClient(server.port());
    }

    public static RedjayTap attach(TestServer server) throws Exception {
        return attach(server, false);
    }

    /** With {@code recordRaw}, the stream is also kept as raw commands (SELECTs included) for {@link #takeRaw}. */
    public static RedjayTap attach(TestServer server, boolean recordRaw) throws Exception {
        RedjayTap tap = new RedjayTap(server);
        tap.recordRaw = recordRaw;
        server.server().executor().submit(() -> server.server().propagator().attach(tap, Propagator.REPL)).get();
        return tap;
    }

    @Override
    public synchronized void propagate(int db, byte[][] argv) {
        if (db != selected) {
            lines.add("SELECT " + db);
            if (recordRaw) {
                raw.add(new byte[][] {"SELECT".getBytes(StandardCharsets.US_ASCII),
                        Integer.toString(db).getBytes(StandardCharsets.US_ASCII)});
            }
            selected = db;
        }
        List<String> args = new ArrayList<>(argv.length);
        for (byte[] a : argv) {
            args.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        if (!StreamTap.isMarker(args)) {
            lines.add(StreamTap.line(args));
            if (recordRaw) {
                raw.add(argv.clone());
            }
        }
    }

    /** Everything propagated so far (the marker's reply means it was propagated behind all earlier commands). */
    @Override
    public List<String> take() throws Exception {
        control.call(StreamTap.MARKER);
        synchronized (this) {
            List<String> out = new ArrayList<>(lines);
            lines.clear();
            return out;
        }
    }

    /** The raw commands recorded since the last call (needs {@code recordRaw}), after a marker round trip. */
    public List<byte[][]> takeRaw() throws Exception {
        take();
        synchronized (this) {
            List<byte[][]> out = new ArrayList<>(raw);
            raw.clear();
            return out;
        }
    }

    @Override
    public void close() {
        try {
            control.close();
            server.server().executor().submit(() -> server.server().propagator().detach(this)).get();
        } catch (Exception e) {
            // The server is already stopping.
        }
    }
}
