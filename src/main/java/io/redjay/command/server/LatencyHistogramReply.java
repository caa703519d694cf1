package io.redjay.command.server;

import io.redjay.command.InfoLatencyHistogram;
import io.redjay.command.Text;
import io.redjay.protocol.ReplyWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes one command's entry of LATENCY HISTOGRAM: {@code calls} and {@code histogram_usec}, a map from bucket upper
 * bounds in microseconds to the cumulative number of calls at or under them.
 *
 * <p>Redis walks its HDR histogram (nanoseconds, two significant digits) logarithmically from 1024 ns doubling each
 * step, labels each step with the highest value that HDR bucket holds, in whole microseconds (1, 2, 4, 8, 16, 33, 66,
 * 132, ...), and prints only steps where the cumulative count grew. The same labels are produced here from the
 * distribution kept for INFO latencystats. That distribution exposes its values by percentile, so it is read by rank:
 * the value at rank r is the value at percentile (r - 0.5) / total, which the percentile lookup rounds back up to
 * exactly rank r; walking the ranks by exponential and binary search visits each distinct bucket once.
 */
final class LatencyHistogramReply {
    private static final int FIRST_STEP_LOG2 = 10;
    private static final int LAST_STEP_LOG2 = 62;
    /** log2 of HDR's sub-bucket count for two significant digits: a bucket at 2^k holds 2^(k-7) values. */
    private static final int SUB_BUCKET_LOG2 = 7;

    private LatencyHistogramReply() {
    }

    static void write(ReplyWriter w, InfoLatencyHistogram h) {
        w.map(2);
        w.bulk(Text.bytes("calls"));
        w.integer(h.count());
        w.bulk(Text.bytes("histogram_usec"));
        List<long[]> steps = distinctValues(h);
        List<long[]> buckets = new ArrayList<>();
        long previous = 0;
        int next = 0;
        for (int k = FIRST_STEP_LOG2; k <= LAST_STEP_LOG2 && previous < h.count(); k++) {
            long label = ((1L << k) + (1L << (k - SUB_BUCKET_LOG2)) - 1) / 1000;
            long cumulative = previous;
            while (next < steps.size() && steps.get(next)[0] <= label) {
                cumulative = steps.get(next)[1];
                next++;
            }
            if (cumulative > previous) {
                buckets.add(new long[] {label, cumulative});
                previous = cumulative;
            }
        }
        w.map(buckets.size());
        for (long[] b : buckets) {
            w.integer(b[0]);
            w.integer(b[1]);
        }
    }

    /** Pairs (value, rank of the last call with that value), ascending. */
    private static List<long[]> distinctValues(InfoLatencyHistogram h) {
        List<long[]> out = new ArrayList<>();
        long total = h.count();
        long rank = 1;
        while (rank <= total) {
            long value = valueAtRank(h, rank, total);
            long last = rank;
            long step = 1;
            while (last + step <= total && valueAtRank(h, last + step, total) <= value) {
                last += step;
                step <<= 1;
            }
            long hi = Math.min(total + 1, last + step);
            while (hi - last > 1) {
                long mid = (last + hi) >>> 1;
                if (valueAtRank(h, mid, total) <= value) {
                    last = mid;
                } else {
                    hi = mid;
                }
            }
            out.add(new long[] {value, last});
            rank = last + 1;
        }
        return out;
    }

    private static long valueAtRank(InfoLatencyHistogram h, long rank, long total) {
        return h.valueAtPercentile((rank - 0.5) * 100.0 / total);
    }
}
