package io.redjay.command.server;

import io.redjay.command.ServerView;
import io.redjay.stats.LatencyMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two human-readable LATENCY replies. DOCTOR summarizes each event series (spikes, average, mean deviation,
 * period, worst ever) and adds hints for the events this server can produce; GRAPH draws a series as columns of
 * four levels between its lowest and highest sample, each labelled vertically with how long ago it was taken.
 * Both are meant for people, so only their data lines follow Redis's layout; the wording is Redjay's own.
 */
final class LatencyReport {
    private static final int GRAPH_COLUMNS = 80;
    private static final int GRAPH_ROWS = 4;

    private LatencyReport() {
    }

    static String doctor(ServerView server) {
        Map<String, LatencyMonitor.Series> events = server.latency().events();
        long threshold = server.config().latencyMonitorThreshold;
        if (events.isEmpty() && threshold == 0) {
            return "Latency monitoring is disabled on this server: latency-monitor-threshold is 0. Enable it with "
                    + "'CONFIG SET latency-monitor-threshold <milliseconds>' and events slower than that will be "
                    + "recorded for this report.\n";
        }
        if (events.isEmpty()) {
            return "No latency spike has been recorded since this server started. Nothing to worry about.\n";
        }
        StringBuilder sb = new StringBuilder("Latency spikes were recorded on this server:\n\n");
        long now = System.currentTimeMillis() / 1000;
        List<String> hints = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            List<LatencyMonitor.Sample> samples = samples(e.getValue());
            long sum = 0;
            long oldest = now;
            for (LatencyMonitor.Sample s : samples) {
                sum += s.millis();
                oldest = Math.min(oldest, s.unixSeconds());
            }
            long avg = samples.isEmpty() ? 0 : sum / samples.size();
            long deviation = 0;
            for (LatencyMonitor.Sample s : samples) {
                deviation += Math.abs(avg - s.millis());
            }
            deviation = samples.isEmpty() ? 0 : deviation / samples.size();
            long period = Math.max(1, now - oldest);
            sb.append(String.format(Locale.ROOT,
                    "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). "
                            + "Worst all time event %dms.\n",
                    ++n, e.getKey(), samples.size(), avg, deviation,
                    samples.isEmpty() ? 0.0 : (double) period / samples.size(), e.getValue().max()));
            addHints(e.getKey(), server, hints);
        }
        if (hints.isEmpty()) {
            sb.append("\nThere is no specific advice for these events.\n");
        } else {
            sb.append("\nSuggestions:\n\n");
            for (String h : hints) {
                sb.append("- ").append(h).append('\n');
            }
        }
        return sb.toString();
    }

    private static void addHints(String event, ServerView server, List<String> hints) {
        switch (event) {
            case "command" -> {
                long slower = server.config().slowlogLogSlowerThan;
                if (slower < 0) {
                    hints.add("The slow log is disabled; enable it with 'CONFIG SET slowlog-log-slower-than "
                            + server.config().latencyMonitorThreshold * 1000 + "' to see which commands are slow.");
                } else if (slower / 1000 > server.config().latencyMonitorThreshold) {
                    hints.add("The slow log threshold is above the latency monitor threshold; lower it with "
                            + "'CONFIG SET slowlog-log-slower-than " + server.config().latencyMonitorThreshold * 1000
                            + "'.");
                }
                hints.add("Look at SLOWLOG GET for the commands that took long, and split very large keys: "
                        + "commands over big values and deleting them take time proportional to their size.");
            }
            case "fast-command" -> hints.add("Even O(1) commands were slow: the process is probably not getting "
                    + "enough CPU time (load on the machine, a noisy neighbour, or long garbage collection pauses).");
            case "expire-cycle" -> hints.add("Expiring keys took long: a higher 'hz' makes the cycle more "
                    + "incremental, and large keys with a TTL are costly to reclaim.");
            default -> {
            }
        }
    }

    static String graph(String event, LatencyMonitor.Series series, long nowSeconds) {
        List<LatencyMonitor.Sample> samples = samples(series);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (LatencyMonitor.Sample s : samples) {
            min = Math.min(min, s.millis());
            max = Math.max(max, s.millis());
        }
        if (samples.isEmpty()) {
            min = 0;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(series.max()).append(" ms)\n");
        sb.append("-".repeat(GRAPH_COLUMNS)).append('\n');
        for (int from = 0; from < samples.size(); from += GRAPH_COLUMNS) {
            List<LatencyMonitor.Sample> chunk = samples.subList(from, Math.min(samples.size(), from + GRAPH_COLUMNS));
            drawChunk(sb, chunk, min, max, nowSeconds);
        }
        return sb.toString();
    }

    private static void drawChunk(StringBuilder sb, List<LatencyMonitor.Sample> chunk, long min, long max,
                                  long nowSeconds) {
        int[] levels = new int[chunk.size()];
        for (int i = 0; i < levels.length; i++) {
            long v = chunk.get(i).millis();
            levels[i] = max == min ? GRAPH_ROWS : 1 + (int) ((v - min) * (GRAPH_ROWS - 1) / (max - min));
        }
        for (int row = GRAPH_ROWS; row >= 1; row--) {
            for (int level : levels) {
                sb.append(level >= row ? '#' : ' ');
            }
            sb.append('\n');
        }
        String[] labels = new String[chunk.size()];
        int height = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ago(nowSeconds - chunk.get(i).unixSeconds());
            height = Math.max(height, labels[i].length());
        }
        for (int row = 0; row < height; row++) {
            for (String label : labels) {
                sb.append(row < label.length() ? label.charAt(row) : ' ');
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static String ago(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }

    private static List<LatencyMonitor.Sample> samples(LatencyMonitor.Series series) {
        List<LatencyMonitor.Sample> out = new ArrayList<>();
        series.samples().forEach(out::add);
        return out;
    }
}
