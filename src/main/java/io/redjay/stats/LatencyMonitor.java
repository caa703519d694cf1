package io.redjay.stats;

import io.redjay.config.Config;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency events over {@code latency-monitor-threshold} milliseconds, by event name ({@code command},
 * {@code fast-command}, {@code expire-cycle}, ...): the latest sample, the all-time maximum and a history of the last
 * 160 samples, one per second at most, as Redis's latency monitor keeps them.
 */
public final class LatencyMonitor {
    private static final int HISTORY = 160;

    /** One sample: when (unix seconds) and how long (ms). */
    public record Sample(long unixSeconds, long millis) {
    }

    /** An event's series. */
    public static final class Series {
        final Deque<Sample> samples = new ArrayDeque<>();
        long max;

        public Iterable<Sample> samples() {
            return samples;
        }

        public Sample latest() {
            return samples.peekLast();
        }

        public long max() {
            return max;
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    public void record(String event, long millis, Config config) {
        if (config.latencyMonitorThreshold <= 0 || millis < config.latencyMonitorThreshold) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        Series s = events.computeIfAbsent(event, k -> new Series());
        Sample last = s.samples.peekLast();
        if (last != null && last.unixSeconds() == now) {
            s.samples.removeLast();
            millis = Math.max(millis, last.millis());
        }
        s.samples.addLast(new Sample(now, millis));
        if (s.samples.size() > HISTORY) {
            s.samples.removeFirst();
        }
        s.max = Math.max(s.max, millis);
    }

    public Map<String, Series> events() {
        return events;
    }

    /** Resets the named events (all when none are named); returns how many were reset. */
    public int reset(Iterable<String> names) {
        int n = 0;
        if (names == null) {
            n = events.size();
            events.clear();
            return n;
        }
        for (String name : names) {
            if (events.remove(name) != null) {
                n++;
            }
        }
        return n;
    }
}
