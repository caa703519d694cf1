package io.redjay.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the propagation tests compare: the commands a server sends to its replicas, each as its arguments in text,
 * SELECTs included. {@link RedjayTap} reads Redjay's stream in-process; {@link RedisReplicaTap} reads a real Redis's
 * replication stream over a raw SYNC connection.
 */
public interface StreamTap extends AutoCloseable {
    /** The commands propagated since the last call, once everything sent before this call has arrived. */
    List<String> take() throws Exception;

    @Override
    void close();

    /**
     * Published by {@link #take} on a control connection in database 0: PUBLISH is propagated to replicas, so its
     * arrival means everything before it has arrived. The same marker on both servers keeps their streams alike (it
     * may add a SELECT 0, on both sides); the marker itself is left out.
     */
    String[] MARKER = {"PUBLISH", "__stream_tap__", "mark"};

    static boolean isMarker(List<String> args) {
        return args.equals(List.of(MARKER));
    }

    /** One command as its arguments separated by single spaces. */
    static String line(List<String> args) {
        return String.join(" ", args);
    }

    Pattern NUMBER = Pattern.compile("-?\\d{10,13}");

    /**
     * Replaces the absolute times that relative expiry turns into (PXAT / PEXPIREAT arguments, unix seconds or ms
     * within a day of now) by {@code <time>}, so the two servers' streams compare equal.
     */
    static List<String> normalizeTimes(List<String> lines) {
        long nowMs = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            StringBuilder sb = new StringBuilder();
            for (String a : l.split(" ", -1)) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                if (NUMBER.matcher(a).matches()) {
                    long v = Long.parseLong(a);
                    if (Math.abs(v - nowMs) < 86_400_000L * 400 || Math.abs(v - nowMs / 1000) < 86_400L * 400) {
                        sb.append("<time>");
                        continue;
                    }
                }
                sb.append(a);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
