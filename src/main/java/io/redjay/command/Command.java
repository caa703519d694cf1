package io.redjay.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single declaration of a command: everything the dispatcher checks (arity, flags), everything COMMAND
 * INFO/DOCS/COUNT/GETKEYS/LIST reports and everything {@code docs/commands.md} lists comes from here. Subcommands
 * ({@code CONFIG GET}) are commands too, attached to their container.
 *
 * <p>Arity follows Redis: positive means exactly that many arguments including the name, negative means at least
 * that many. Key positions are {@code firstKey/lastKey/step} (lastKey negative counts from the end), or a
 * {@link KeyFinder} for commands whose keys depend on their arguments (movablekeys).
 *
 * <p>Runtime statistics (calls, time, errors) live in the same object, as in Redis's {@code redisCommand}.
 */
public final class Command {
    final String name;
    final String fullName;
    final int arity;
    final long flags;
    final int firstKey;
    final int lastKey;
    final int keyStep;
    final KeyFinder keyFinder;
    final List<String> aclCategories;
    final List<String> tips;
    final String group;
    final String since;
    final String summary;
    final String complexity;
    final String syntax;
    final Handler handler;
    final Command parent;
    final Map<String, Command> subcommands = new LinkedHashMap<>();

    long calls;
    long microseconds;
    long rejectedCalls;
    long failedCalls;
    InfoLatencyHistogram latencyHistogram;

    Command(CommandBuilder b, Command parent) {
        this.name = b.name;
        this.parent = parent;
        this.fullName = parent == null ? b.name : parent.name + "|" + b.name;
        this.arity = b.arity;
        this.flags = b.flags;
        this.firstKey = b.firstKey;
        this.lastKey = b.lastKey;
        this.keyStep = b.keyStep;
        this.keyFinder = b.keyFinder;
        this.aclCategories = List.copyOf(b.acl);
        this.tips = List.copyOf(b.tips);
        this.group = b.group;
        this.since = b.since;
        this.summary = b.summary;
        this.complexity = b.complexity;
        this.syntax = b.syntax;
        this.handler = b.handler;
    }

    public String name() {
        return name;
    }

    /** {@code get}, or {@code config|get} for a subcommand: the name in error messages and stats. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public long flags() {
        return flags;
    }

    public boolean is(long flag) {
        return (flags & flag) != 0;
    }

    public Command parent() {
        return parent;
    }

    public Map<String, Command> subcommands() {
        return Collections.unmodifiableMap(subcommands);
    }

    public boolean hasSubcommands() {
        return !subcommands.isEmpty();
    }

    public String group() {
        return group;
    }

    public String since() {
        return since;
    }

    public String summary() {
        return summary;
    }

    public String syntax() {
        return syntax;
    }

    public String complexity() {
        return complexity;
    }

    public List<String> aclCategories() {
        return aclCategories;
    }

    /** Redis's command tips, for COMMAND INFO (informational: Redjay runs no cluster to route by them). */
    public List<String> tips() {
        return tips;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public KeyFinder keyFinder() {
        return keyFinder;
    }

    public Handler handler() {
        return handler;
    }

    public long calls() {
        return calls;
    }

    public long microseconds() {
        return microseconds;
    }

    public long rejectedCalls() {
        return rejectedCalls;
    }

    public long failedCalls() {
        return failedCalls;
    }

    /** The INFO latencystats / LATENCY HISTOGRAM distribution; null until the command ran with tracking on. */
    public InfoLatencyHistogram latencyHistogram() {
        return latencyHistogram;
    }

    void resetStats() {
        calls = 0;
        microseconds = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        latencyHistogram = null;
        for (Command s : subcommands.values()) {
            s.resetStats();
        }
    }

    /** Adds one execution time to this command's INFO latencystats distribution (created on first use). */
    void recordLatency(long micros) {
        InfoLatencyHistogram h = latencyHistogram;
        if (h == null) {
            h = new InfoLatencyHistogram();
            latencyHistogram = h;
        }
        h.record(micros);
    }

    /** True when the argument count fits the arity. */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** The positions of the keys in {@code argv}: from the finder, or from first/last/step. */
    public int[] keyPositions(byte[][] argv) {
        if (keyFinder != null) {
            return keyFinder.find(argv);
        }
        if (firstKey <= 0) {
            return new int[0];
        }
        int last = lastKey >= 0 ? lastKey : argv.length + lastKey;
        if (last >= argv.length) {
            last = argv.length - 1;
        }
        int n = last < firstKey ? 0 : (last - firstKey) / keyStep + 1;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = firstKey + i * keyStep;
        }
        return out;
    }
}
