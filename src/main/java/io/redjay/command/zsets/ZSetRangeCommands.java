package io.redjay.command.zsets;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.IndexRange;
import io.redjay.command.Text;
import io.redjay.config.Config;
import io.redjay.types.ZSetLexRange;
import io.redjay.types.ZSetScoreRange;
import io.redjay.types.ZSetValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The ZRANGE family: ZRANGE with its BYSCORE/BYLEX/REV/LIMIT/WITHSCORES options, the older fixed forms (ZREVRANGE,
 * Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX) and ZRANGESTORE. As in Redis, every form goes through one parser and one
 * executor; the fixed forms only preset the range type and the direction, which the parser then no longer accepts
 * as options. Results are gathered first and then either written as a reply or stored, so the reply length is
 * always known up front.
 */
public final class ZSetRangeCommands {
    private static final CommandError LIMIT_NEEDS_BY = CommandError.of(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final CommandError WITHSCORES_BYLEX =
            CommandError.of("ERR syntax error, WITHSCORES not supported in combination with BYLEX");

    private enum Type { AUTO, RANK, SCORE, LEX }

    private ZSetRangeCommands() {
    }

    // ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
    static void zrange(CommandContext ctx) {
        range(ctx, 1, null, Type.AUTO, null);
    }

    // ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
    static void zrangestore(CommandContext ctx) {
        range(ctx, 2, ctx.arg(1), Type.AUTO, null);
    }

    // ZREVRANGE key start stop [WITHSCORES]
    static void zrevrange(CommandContext ctx) {
        range(ctx, 1, null, Type.RANK, Boolean.TRUE);
    }

    // ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
    static void zrangebyscore(CommandContext ctx) {
        range(ctx, 1, null, Type.SCORE, Boolean.FALSE);
    }

    // ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
    static void zrevrangebyscore(CommandContext ctx) {
        range(ctx, 1, null, Type.SCORE, Boolean.TRUE);
    }

    // ZRANGEBYLEX key min max [LIMIT offset count]
    static void zrangebylex(CommandContext ctx) {
        range(ctx, 1, null, Type.LEX, Boolean.FALSE);
    }

    // ZREVRANGEBYLEX key max min [LIMIT offset count]
    static void zrevrangebylex(CommandContext ctx) {
        range(ctx, 1, null, Type.LEX, Boolean.TRUE);
    }

    /**
     * The shared executor. {@code keyIndex} is where the source key is; {@code dst} is the destination of
     * ZRANGESTORE (null otherwise); {@code reverse} is null when REV may be given as an option.
     */
    private static void range(CommandContext ctx, int keyIndex, byte[] dst, Type type, Boolean reverse) {
        byte[][] argv = ctx.argv();
        boolean store = dst != null;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean directionFixed = reverse != null;
        boolean rev = reverse != null && reverse;
        for (int j = keyIndex + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (!store && Text.is(argv[j], "withscores")) {
                withScores = true;
            } else if (Text.is(argv[j], "limit") && left >= 2) {
                offset = ZSetCommands.parseLong(argv[j + 1]);
                limit = ZSetCommands.parseLong(argv[j + 2]);
                j += 2;
            } else if (!directionFixed && Text.is(argv[j], "rev")) {
                rev = true;
                directionFixed = true;
            } else if (type == Type.AUTO && Text.is(argv[j], "bylex")) {
                type = Type.LEX;
            } else if (type == Type.AUTO && Text.is(argv[j], "byscore")) {
                type = Type.SCORE;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (type == Type.AUTO) {
            type = Type.RANK;
        }
        if (limit != -1 && type == Type.RANK) {
            throw LIMIT_NEEDS_BY;
        }
        if (withScores && type == Type.LEX) {
            throw WITHSCORES_BYLEX;
        }
        byte[] minArg = argv[keyIndex + 1];
        byte[] maxArg = argv[keyIndex + 2];
        if (rev && type != Type.RANK) {
            byte[] t = minArg;
            minArg = maxArg;
            maxArg = t;
        }
        long start = 0;
        long end = 0;
        ZSetScoreRange scoreRange = null;
        ZSetLexRange lexRange = null;
        switch (type) {
            case SCORE -> scoreRange = ZSetCommands.scoreRange(minArg, maxArg);
            case LEX -> lexRange = ZSetCommands.lexRange(minArg, maxArg);
            default -> {
                start = ZSetCommands.parseLong(minArg);
                end = ZSetCommands.parseLong(maxArg);
            }
        }
        ZSetValue z = ctx.read(argv[keyIndex], ZSetValue.class);
        if (z == null) {
            if (store) {
                ZSetCommands.store(ctx, dst, new ZSetValue(true), "zrangestore");
            } else {
                ctx.reply().emptyArray();
            }
            return;
        }
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        boolean r = rev;
        switch (type) {
            case SCORE -> z.rangeByScore(scoreRange, offset, limit, r, (m, s) -> {
                members.add(m);
                scores.add(s);
            });
            case LEX -> z.rangeByLex(lexRange, offset, limit, r, (m, s) -> {
                members.add(m);
                scores.add(s);
            });
            default -> {
                IndexRange range = IndexRange.of(start, end, z.size());
                if (range != null) {
                    z.rangeByRank(range.start(), range.end(), r, (m, s) -> {
                        members.add(m);
                        scores.add(s);
                    });
                }
            }
        }
        if (store) {
            Config cfg = ctx.config();
            ZSetValue result = new ZSetValue(true);
            for (int i = 0; i < members.size(); i++) {
                ZSetCommands.insert(cfg, result, members.get(i), scores.get(i));
            }
            ZSetCommands.store(ctx, dst, result, "zrangestore");
            return;
        }
        double[] s = new double[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        ZSetCommands.replyPairs(ctx.reply(), members, s, withScores);
    }
}
