package io.redjay.command.zsets;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Text;
import io.redjay.config.Config;
import io.redjay.keyspace.KeyEntry;
import io.redjay.types.Numbers;
import io.redjay.types.SetMembers;
import io.redjay.types.ZSetValue;
import io.redjay.types.ZSetVisitor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sorted set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD. Inputs may be sorted sets or
 * plain sets (read through {@link SetMembers}, every member scoring 1), each scaled by its WEIGHTS factor and
 * combined with SUM, MIN or MAX.
 *
 * <p>As in Redis: union and intersection visit the inputs smallest first (an intersection walks the smallest input
 * and probes the others), a product or sum that comes out NaN (0 times infinity, infinity minus infinity) counts as
 * 0, and the result is built as a skiplist and compacted before it is stored when it is small enough.
 *
 * <p>A STORE form (ZRANGESTORE too) counts one write and is propagated verbatim when it wrote the destination, or
 * deleted it because the result is empty; an empty result meeting a missing destination changes nothing.
 */
public final class ZSetStoreCommands {
    private static final CommandError WEIGHT_NOT_FLOAT = CommandError.of("ERR weight value is not a float");
    private static final CommandError NEGATIVE_LIMIT = CommandError.of("ERR LIMIT can't be negative");

    private enum Op { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    /** One input: a sorted set, a plain set, or nothing (missing key), with its weight. */
    private static final class Source {
        final ZSetValue zset;
        final SetMembers set;
        double weight = 1;

        Source(ZSetValue zset, SetMembers set) {
            this.zset = zset;
            this.set = set;
        }

        long size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        void forEach(ZSetVisitor v) {
            if (zset != null) {
                zset.forEach(v);
            } else if (set != null) {
                set.forEachMember(m -> v.visit(m, 1.0));
            }
        }

        /** The member's score in this input, NaN when absent. */
        double find(byte[] member) {
            if (zset != null) {
                return zset.score(member);
            }
            return set != null && set.contains(member) ? 1.0 : Double.NaN;
        }

        Object subject() {
            return zset != null ? zset : set;
        }
    }

    private ZSetStoreCommands() {
    }

    // ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
    static void zunion(CommandContext ctx) {
        generic(ctx, null, 1, Op.UNION, false, "zunion");
    }

    // ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
    static void zinter(CommandContext ctx) {
        generic(ctx, null, 1, Op.INTER, false, "zinter");
    }

    // ZDIFF numkeys key [key ...] [WITHSCORES]
    static void zdiff(CommandContext ctx) {
        generic(ctx, null, 1, Op.DIFF, false, "zdiff");
    }

    // ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
    static void zunionstore(CommandContext ctx) {
        generic(ctx, ctx.arg(1), 2, Op.UNION, false, "zunionstore");
    }

    // ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
    static void zinterstore(CommandContext ctx) {
        generic(ctx, ctx.arg(1), 2, Op.INTER, false, "zinterstore");
    }

    // ZDIFFSTORE destination numkeys key [key ...]
    static void zdiffstore(CommandContext ctx) {
        generic(ctx, ctx.arg(1), 2, Op.DIFF, false, "zdiffstore");
    }

    // ZINTERCARD numkeys key [key ...] [LIMIT limit]
    static void zintercard(CommandContext ctx) {
        generic(ctx, null, 1, Op.INTER, true, "zintercard");
    }

    /**
     * Redis's zunionInterDiffGenericCommand: numkeys, then the inputs (each a sorted set, a set or missing, else
     * WRONGTYPE), then the options, then the operation; the result is stored, replied, or (ZINTERCARD) counted.
     */
    private static void generic(CommandContext ctx, byte[] dst, int numkeysIndex, Op op, boolean cardOnly,
                                String name) {
        byte[][] argv = ctx.argv();
        long setnum = ZSetCommands.parseLong(argv[numkeysIndex]);
        if (setnum < 1) {
            throw CommandError.of("ERR at least 1 input key is needed for '" + name + "' command");
        }
        if (setnum > argv.length - numkeysIndex - 1) {
            throw CommandError.SYNTAX;
        }
        int n = (int) setnum;
        Source[] src = new Source[n];
        int j = numkeysIndex + 1;
        for (int i = 0; i < n; i++, j++) {
            KeyEntry e = ctx.db().lookup(argv[j]);
            if (e == null) {
                src[i] = new Source(null, null);
            } else if (e.value() instanceof SetMembers s) {
                src[i] = new Source(null, s);
            } else {
                src[i] = new Source(CommandContext.checked(e.value(), ZSetValue.class), null);
            }
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < argv.length) {
            int remaining = argv.length - j;
            if (op != Op.DIFF && !cardOnly && remaining >= n + 1 && Text.is(argv[j], "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    double w = Numbers.parseDouble(argv[j]);
                    if (Double.isNaN(w)) {
                        throw WEIGHT_NOT_FLOAT;
                    }
                    src[i].weight = w;
                }
            } else if (op != Op.DIFF && !cardOnly && remaining >= 2 && Text.is(argv[j], "aggregate")) {
                byte[] a = argv[j + 1];
                if (Text.is(a, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (Text.is(a, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (Text.is(a, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw CommandError.SYNTAX;
                }
                j += 2;
            } else if (dst == null && !cardOnly && Text.is(argv[j], "withscores")) {
                withScores = true;
                j++;
            } else if (cardOnly && remaining >= 2 && Text.is(argv[j], "limit")) {
                limit = Numbers.parseLong(argv[j + 1]);
                if (limit < 0 || limit == Numbers.NOT_A_NUMBER) {
                    throw NEGATIVE_LIMIT;
                }
                j += 2;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (op != Op.DIFF) {
            Arrays.sort(src, Comparator.comparingLong(Source::size));
        }
        ZSetValue result = new ZSetValue(false);
        long[] cardinality = {0};
        Aggregate agg = aggregate;
        long max = limit;
        switch (op) {
            case INTER -> {
                if (src[0].size() > 0) {
                    try {
                        src[0].forEach((m, s) -> {
                            double score = src[0].weight * s;
                            if (Double.isNaN(score)) {
                                score = 0;
                            }
                            for (int k = 1; k < src.length; k++) {
                                double v;
                                if (src[k].subject() == src[0].subject()) {
                                    v = s * src[k].weight;
                                } else {
                                    v = src[k].find(m);
                                    if (Double.isNaN(v)) {
                                        return;
                                    }
                                    v *= src[k].weight;
                                }
                                score = combine(score, v, agg);
                            }
                            if (cardOnly) {
                                cardinality[0]++;
                                if (max > 0 && cardinality[0] >= max) {
                                    throw StopIteration.INSTANCE;
                                }
                            } else {
                                result.insert(m, score, 0, 0);
                            }
                        });
                    } catch (StopIteration stop) {
                        // the LIMIT of ZINTERCARD was reached
                    }
                }
            }
            case UNION -> {
                Map<ByteBuffer, double[]> acc = new HashMap<>();
                List<byte[]> order = new ArrayList<>();
                for (Source s : src) {
                    s.forEach((m, score) -> {
                        double v = s.weight * score;
                        if (Double.isNaN(v)) {
                            v = 0;
                        }
                        double[] cur = acc.get(ByteBuffer.wrap(m));
                        if (cur == null) {
                            acc.put(ByteBuffer.wrap(m), new double[] {v});
                            order.add(m);
                        } else {
                            cur[0] = combine(cur[0], v, agg);
                        }
                    });
                }
                for (byte[] m : order) {
                    result.insert(m, acc.get(ByteBuffer.wrap(m))[0], 0, 0);
                }
            }
            default -> src[0].forEach((m, s) -> {
                for (int k = 1; k < src.length; k++) {
                    if (!Double.isNaN(src[k].find(m))) {
                        return;
                    }
                }
                result.insert(m, s, 0, 0);
            });
        }
        if (dst != null) {
            Config cfg = ctx.config();
            result.compactIfFits(cfg.zsetMaxListpackEntries, cfg.zsetMaxListpackValue);
            ZSetCommands.store(ctx, dst, result, name);
        } else if (cardOnly) {
            ctx.reply().integer(cardinality[0]);
        } else {
            List<byte[]> members = new ArrayList<>();
            double[] scores = new double[(int) result.size()];
            result.forEach((m, s) -> {
                scores[members.size()] = s;
                members.add(m);
            });
            ZSetCommands.replyPairs(ctx.reply(), members, scores, withScores);
        }
    }

    /** Redis's zunionInterAggregate: a NaN sum becomes 0; MIN and MAX keep the current value on NaN. */
    private static double combine(double target, double v, Aggregate agg) {
        switch (agg) {
            case SUM -> {
                double t = target + v;
                return Double.isNaN(t) ? 0 : t;
            }
            case MIN -> {
                return v < target ? v : target;
            }
            default -> {
                return v > target ? v : target;
            }
        }
    }

    /** Ends a visit early (ZINTERCARD's LIMIT); preallocated, without a stack trace. */
    private static final class StopIteration extends RuntimeException {
        static final StopIteration INSTANCE = new StopIteration();

        private StopIteration() {
            super(null, null, false, false);
        }
    }
}
