package io.redjay.config;

import io.redjay.keyspace.Events;
import io.redjay.types.Numbers;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parameters whose syntax fits none of the generic types: {@code save}, {@code bind},
 * {@code client-output-buffer-limit}, {@code notify-keyspace-events}, {@code replicaof}, {@code dir},
 * {@code latency-tracking-info-percentiles} and {@code oom-score-adj-values}. Each follows its config.c counterpart
 * in what it accepts, how it prints and how it is rewritten.
 */
final class ConfigSpecials {
    private ConfigSpecials() {
    }

    private static final int MAX_BIND_ADDRESSES = 16;
    private static final List<String> DEFAULT_BIND = List.of("*", "-::*");
    private static final String[] OBUF_CLASSES = {"normal", "slave", "pubsub"};
    private static final long[][] OBUF_DEFAULTS = {
            {0, 0, 0},
            {256L * 1024 * 1024, 64L * 1024 * 1024, 60},
            {32L * 1024 * 1024, 8L * 1024 * 1024, 60}};

    // save <seconds> <changes> [<seconds> <changes> ...] | save ""
    static ConfigParam.Value save() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return c.save;
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                List<String> a = args.size() == 1 && args.get(0).isEmpty() ? List.of() : args;
                if (a.size() % 2 != 0) {
                    throw new ConfigException("Invalid save parameters");
                }
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < a.size(); j++) {
                    Long v = strtollWhole(a.get(j));
                    if (v == null || (j % 2 == 0 && v < 1) || (j % 2 == 1 && v < 0)) {
                        throw new ConfigException("Invalid save parameters");
                    }
                    if (j > 0) {
                        sb.append(' ');
                    }
                    sb.append(j % 2 == 0 ? v : (int) (long) v);
                }
                c.save = sb.toString();
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                if (c.save.isEmpty()) {
                    out.line(name, "save \"\"", true);
                } else {
                    String[] p = c.save.split(" ");
                    for (int j = 0; j < p.length; j += 2) {
                        out.line(name, "save " + p[j] + " " + p[j + 1], true);
                    }
                }
                out.processed(name);
            }
        };
    }

    // bind <addr> [<addr> ...] | bind ""
    static ConfigParam.Value bind() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return String.join(" ", c.bind);
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (args.size() > MAX_BIND_ADDRESSES) {
                    throw new ConfigException("Too many bind addresses specified.");
                }
                boolean none = args.size() == 1 && args.get(0).isEmpty();
                c.bind = none ? new ArrayList<>() : new ArrayList<>(args);
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                if (c.bind.equals(DEFAULT_BIND)) {
                    out.processed(name);
                    return;
                }
                String addresses = c.bind.isEmpty() ? "\"\"" : String.join(" ", c.bind);
                out.line(name, name + " " + addresses, true);
            }
        };
    }

    // client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [<class> ...]
    static ConfigParam.Value clientOutputBufferLimit() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < OBUF_CLASSES.length; j++) {
                    long[] v = limits(c, j);
                    if (j > 0) {
                        sb.append(' ');
                    }
                    sb.append(OBUF_CLASSES[j]).append(' ').append(Long.toUnsignedString(v[0])).append(' ')
                            .append(Long.toUnsignedString(v[1])).append(' ').append(v[2]);
                }
                return sb.toString();
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (args.size() % 4 != 0) {
                    throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
                }
                long[][] values = new long[OBUF_CLASSES.length][];
                for (int j = 0; j < args.size(); j += 4) {
                    int cls = classOf(args.get(j));
                    if (cls < 0) {
                        throw new ConfigException("Invalid client class specified in buffer limit configuration.");
                    }
                    long hard = ConfigValues.memToBytes(args.get(j + 1));
                    long soft = ConfigValues.memToBytes(args.get(j + 2));
                    Long seconds = strtollWhole(args.get(j + 3));
                    if (hard == ConfigValues.INVALID_MEMORY || soft == ConfigValues.INVALID_MEMORY
                            || seconds == null || (int) (long) seconds < 0) {
                        throw new ConfigException("Error in hard, soft or soft_seconds setting in "
                                + "buffer limit configuration.");
                    }
                    values[cls] = new long[] {hard, soft, (int) (long) seconds};
                }
                for (int j = 0; j < values.length; j++) {
                    if (values[j] != null) {
                        store(c, j, values[j]);
                    }
                }
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                for (int j = 0; j < OBUF_CLASSES.length; j++) {
                    long[] v = limits(c, j);
                    boolean force = v[0] != OBUF_DEFAULTS[j][0] || v[1] != OBUF_DEFAULTS[j][1]
                            || v[2] != OBUF_DEFAULTS[j][2];
                    String cls = j == 1 ? "replica" : OBUF_CLASSES[j];
                    out.line(name, name + " " + cls + " " + ConfigRewrite.formatMemory(v[0]) + " "
                            + ConfigRewrite.formatMemory(v[1]) + " " + v[2], force);
                }
            }
        };
    }

    /** getClientTypeByName: normal, slave/replica, pubsub (master is refused for limits). */
    private static int classOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> 0;
            case "slave", "replica" -> 1;
            case "pubsub" -> 2;
            default -> -1;
        };
    }

    private static long[] limits(Config c, int cls) {
        return switch (cls) {
            case 0 -> new long[] {c.clientOutputBufferLimitNormalHard, c.clientOutputBufferLimitNormalSoft,
                    c.clientOutputBufferLimitNormalSeconds};
            case 1 -> new long[] {c.clientOutputBufferLimitReplicaHard, c.clientOutputBufferLimitReplicaSoft,
                    c.clientOutputBufferLimitReplicaSeconds};
            default -> new long[] {c.clientOutputBufferLimitPubsubHard, c.clientOutputBufferLimitPubsubSoft,
                    c.clientOutputBufferLimitPubsubSeconds};
        };
    }

    private static void store(Config c, int cls, long[] v) {
        switch (cls) {
            case 0 -> {
                c.clientOutputBufferLimitNormalHard = v[0];
                c.clientOutputBufferLimitNormalSoft = v[1];
                c.clientOutputBufferLimitNormalSeconds = v[2];
            }
            case 1 -> {
                c.clientOutputBufferLimitReplicaHard = v[0];
                c.clientOutputBufferLimitReplicaSoft = v[1];
                c.clientOutputBufferLimitReplicaSeconds = v[2];
            }
            default -> {
                c.clientOutputBufferLimitPubsubHard = v[0];
                c.clientOutputBufferLimitPubsubSoft = v[1];
                c.clientOutputBufferLimitPubsubSeconds = v[2];
            }
        }
    }

    // notify-keyspace-events <flags>
    static ConfigParam.Value notifyKeyspaceEvents() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return Events.format(c.notifyKeyspaceEvents);
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (args.size() != 1) {
                    throw new ConfigException("wrong number of arguments");
                }
                int flags = Events.parse(args.get(0));
                if (flags == -1) {
                    throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                }
                c.notifyKeyspaceEvents = flags;
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                out.line(name, name + " " + ConfigRewrite.repr(Events.format(c.notifyKeyspaceEvents)),
                        c.notifyKeyspaceEvents != 0);
            }
        };
    }

    // replicaof <host> <port> | replicaof no one
    static ConfigParam.Value replicaof() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return c.replicaof;
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (args.size() != 2) {
                    throw new ConfigException("wrong number of arguments");
                }
                c.replicaof = "";
                if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
                    return;
                }
                Long port = strtollWhole(args.get(1));
                if (port == null || port < 0 || port > 65535) {
                    throw new ConfigException("Invalid master port");
                }
                c.replicaof = args.get(0) + " " + port;
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                if (c.replicaof.isEmpty()) {
                    out.processed(name);
                    return;
                }
                out.line(name, name + " " + c.replicaof, true);
            }
        };
    }

    /**
     * dir: Redis changes its working directory; the JVM cannot, so we keep the absolute path and resolve relative
     * paths against the previous value, which gives the same observable result.
     */
    static ConfigParam.Value dir() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return c.dir;
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (args.size() != 1) {
                    throw new ConfigException("wrong number of arguments");
                }
                String arg = args.get(0);
                File f = new File(arg);
                if (!f.isAbsolute()) {
                    f = new File(new File(c.dir).getAbsoluteFile(), arg);
                }
                if (arg.isEmpty() || !f.exists()) {
                    throw new ConfigException("No such file or directory");
                }
                if (!f.isDirectory()) {
                    throw new ConfigException("Not a directory");
                }
                if (!f.canExecute()) {
                    throw new ConfigException("Permission denied");
                }
                c.dir = f.toPath().toAbsolutePath().normalize().toString();
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                out.line(name, name + " " + ConfigRewrite.repr(c.dir), true);
            }
        };
    }

    // latency-tracking-info-percentiles <p> [<p> ...] | latency-tracking-info-percentiles ""
    static ConfigParam.Value latencyTrackingInfoPercentiles() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return c.latencyTrackingInfoPercentiles;
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                List<String> a = args.size() == 1 && args.get(0).isEmpty() ? List.of() : args;
                StringBuilder sb = new StringBuilder();
                for (String p : a) {
                    double d = Numbers.parseDouble(p.getBytes(StandardCharsets.ISO_8859_1));
                    if (Double.isNaN(d) || p.isEmpty()) {
                        c.latencyTrackingInfoPercentiles = "";
                        throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                    }
                    if (d > 100.0 || d < 0.0) {
                        c.latencyTrackingInfoPercentiles = "";
                        throw new ConfigException(
                                "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                    }
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(trimDouble(d));
                }
                c.latencyTrackingInfoPercentiles = sb.toString();
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                String v = c.latencyTrackingInfoPercentiles;
                out.line(name, name + " " + (v.isEmpty() ? "\"\"" : v), true);
            }
        };
    }

    /** printf("%f") with trailing zeros (and a trailing point) removed, as Redis's trimDoubleString. */
    private static String trimDouble(double d) {
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s;
    }

    // oom-score-adj-values <master> <replica> <bgchild>
    static ConfigParam.Value oomScoreAdjValues() {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return c.inert.getOrDefault("oom-score-adj-values", "0 200 800");
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (args.size() != 3) {
                    throw new ConfigException("wrong number of arguments");
                }
                StringBuilder sb = new StringBuilder();
                for (String a : args) {
                    Long v = strtollWhole(a);
                    if (v == null || v < -2000 || v > 2000) {
                        throw new ConfigException(
                                "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                    }
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(v);
                }
                c.inert.put("oom-score-adj-values", sb.toString());
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                String v = get(c);
                out.line(name, name + " " + v, !v.equals("0 200 800"));
            }
        };
    }

    /**
     * strtoll(s, 10) that must consume the whole string: leading blanks and a sign are allowed, an empty string is
     * 0, overflow saturates. Null when trailing characters remain.
     */
    static Long strtollWhole(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                v = v * 10 + d;
            }
            i++;
        }
        if (i == start) {
            return s.isEmpty() ? 0L : null;
        }
        if (i != s.length()) {
            return null;
        }
        if (overflow) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return neg ? -v : v;
    }
}
