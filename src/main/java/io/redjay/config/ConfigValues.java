package io.redjay.config;

import io.redjay.types.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The generic parameter types of Redis's config.c: yes/no flags, bounded numbers (optionally memory sizes with units,
 * percentages or octal), enumerations (optionally sets of flags) and strings. Each factory returns a
 * {@link ConfigParam.Value} whose parse rules, error messages and rewrite format are Redis's, so that a new parameter
 * is one line in {@link ConfigTable} rather than new code.
 */
final class ConfigValues {
    /** Number flags: accepts {@code 1k}, {@code 5mb}... and prints plain bytes. */
    static final int MEMORY = 1;
    /** Number flag: also accepts {@code N%}, stored negated. */
    static final int PERCENT = 1 << 1;
    /** Number flag: parsed and printed in base 8. */
    static final int OCTAL = 1 << 2;

    private ConfigValues() {
    }

    /** Writes a boolean into {@link Config}. */
    interface BoolSetter {
        void set(Config c, boolean v);
    }

    /** An extra acceptance check run after parsing; throws with Redis's message. */
    interface Check<T> {
        void check(T value) throws ConfigException;
    }

    static ConfigParam.Value bool(Predicate<Config> get, BoolSetter set, boolean def, Check<Boolean> check) {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return get.test(c) ? "yes" : "no";
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                String v = args.get(0);
                boolean b;
                if (v.equalsIgnoreCase("yes")) {
                    b = true;
                } else if (v.equalsIgnoreCase("no")) {
                    b = false;
                } else {
                    throw new ConfigException("argument must be 'yes' or 'no'");
                }
                if (check != null) {
                    check.check(b);
                }
                set.set(c, b);
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                boolean v = get.test(c);
                out.line(name, name + " " + (v ? "yes" : "no"), v != def);
            }
        };
    }

    /**
     * A number within [min, max]. {@code unsigned} compares bounds as unsigned 64-bit values, as Redis does for its
     * unsigned C types (so {@code -1} is out of range rather than below it).
     */
    static ConfigParam.Value number(ToLongFunction<Config> get, ObjLongConsumer<Config> set, long min, long max,
                                    long def, int flags, boolean unsigned) {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                long v = get.applyAsLong(c);
                if ((flags & PERCENT) != 0 && v < 0) {
                    return -v + "%";
                } else if ((flags & MEMORY) != 0) {
                    return Long.toUnsignedString(v);
                } else if ((flags & OCTAL) != 0) {
                    return Long.toOctalString(v);
                }
                return Long.toString(v);
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                long v = parseNumber(args.get(0), flags);
                checkBounds(v, min, max, flags, unsigned);
                set.accept(c, v);
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                long v = get.applyAsLong(c);
                String text;
                if ((flags & PERCENT) != 0 && v < 0) {
                    text = -v + "%";
                } else if ((flags & MEMORY) != 0) {
                    text = ConfigRewrite.formatMemory(v);
                } else if ((flags & OCTAL) != 0) {
                    text = Long.toOctalString(v);
                } else {
                    text = Long.toString(v);
                }
                out.line(name, name + " " + text, v != def);
            }
        };
    }

    /**
     * One of a fixed set of names (case-insensitive), stored in {@link Config} as its canonical name. With
     * {@code bitflags} several names may be given and are combined, as for {@code shutdown-on-sigterm}.
     */
    static ConfigParam.Value enumeration(Function<Config, String> get, BiConsumer<Config, String> set,
                                         String[] names, int[] values, String def, boolean bitflags,
                                         Check<Integer> check) {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return get.apply(c);
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                int v = enumValue(names, values, args, bitflags);
                if (check != null) {
                    check.check(v);
                }
                set.accept(c, enumName(names, values, v, bitflags));
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                String v = get.apply(c);
                out.line(name, name + " " + v, !v.equals(def));
            }
        };
    }

    /**
     * A string. {@code def} is the default, or null for the parameters Redis keeps as NULL when empty: those are left
     * out of a rewritten file altogether while empty.
     */
    static ConfigParam.Value string(Function<Config, String> get, BiConsumer<Config, String> set, String def,
                                    Check<String> check) {
        return new ConfigParam.Value() {
            @Override
            public String get(Config c) {
                return get.apply(c);
            }

            @Override
            public void set(Config c, List<String> args) throws ConfigException {
                if (check != null) {
                    check.check(args.get(0));
                }
                set.accept(c, args.get(0));
            }

            @Override
            public void rewrite(Config c, String name, ConfigRewrite out) {
                String v = get.apply(c);
                if (def == null && v.isEmpty()) {
                    out.processed(name);
                    return;
                }
                out.line(name, name + " " + ConfigRewrite.repr(v), def == null || !def.equals(v));
            }
        };
    }

    // ---------------------------------------------------------------- parsing helpers

    static long parseNumber(String v, int flags) throws ConfigException {
        if ((flags & MEMORY) != 0) {
            long m = memToBytes(v);
            if (m != INVALID_MEMORY) {
                return m;
            }
        }
        if ((flags & PERCENT) != 0 && v.length() > 1 && v.endsWith("%")) {
            String digits = v.substring(0, v.length() - 1);
            if (isStrictLong(digits)) {
                long p = Long.parseLong(digits);
                if (p >= 0) {
                    return -p;
                }
            }
        }
        if ((flags & OCTAL) != 0) {
            Long o = parseOctal(v);
            if (o != null) {
                return o;
            }
        }
        if (flags == 0 && isStrictLong(v)) {
            return Long.parseLong(v);
        }
        if ((flags & MEMORY) != 0 && (flags & PERCENT) != 0) {
            throw new ConfigException("argument must be a memory or percent value");
        } else if ((flags & MEMORY) != 0) {
            throw new ConfigException("argument must be a memory value");
        } else if ((flags & OCTAL) != 0) {
            throw new ConfigException("argument couldn't be parsed as an octal number");
        }
        throw new ConfigException("argument couldn't be parsed into an integer");
    }

    private static void checkBounds(long v, long min, long max, int flags, boolean unsigned) throws ConfigException {
        if (unsigned) {
            if (Long.compareUnsigned(v, max) > 0 || Long.compareUnsigned(v, min) < 0) {
                String lo = (flags & OCTAL) != 0 ? Long.toOctalString(min) : Long.toUnsignedString(min);
                String hi = (flags & OCTAL) != 0 ? Long.toOctalString(max) : Long.toUnsignedString(max);
                throw new ConfigException("argument must be between " + lo + " and " + hi + " inclusive");
            }
        } else if ((flags & PERCENT) != 0 && v < 0) {
            if (v < min) {
                throw new ConfigException("percentage argument must be less or equal to " + -min);
            }
        } else if (v > max || v < min) {
            throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
        }
    }

    static final long INVALID_MEMORY = Long.MIN_VALUE + 1;

    /**
     * Redis's memtoull: digits then an optional unit (b, k=1000, kb=1024, m, mb, g, gb; any case). An empty digit run
     * counts as 0 and overflow wraps, exactly as the C code behaves. Returns {@link #INVALID_MEMORY} when unparsable.
     */
    static long memToBytes(String p) {
        if (p.startsWith("-")) {
            return INVALID_MEMORY;
        }
        int u = 0;
        while (u < p.length() && p.charAt(u) >= '0' && p.charAt(u) <= '9') {
            u++;
        }
        String unit = p.substring(u).toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (mul == 0 || u >= 128) {
            return INVALID_MEMORY;
        }
        long val = 0;
        for (int i = 0; i < u; i++) {
            int d = p.charAt(i) - '0';
            if (Long.compareUnsigned(val, Long.divideUnsigned(-1L - d, 10)) > 0) {
                val = -1L;
                break;
            }
            val = val * 10 + d;
        }
        return val * mul;
    }

    /** Redis's string2ll: optional '-', no '+', no leading zeros, no blanks, within 64 bits. */
    static boolean isStrictLong(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length == 0) {
            return false;
        }
        if (s.equals("-9223372036854775808")) {
            return true;
        }
        return Numbers.parseLong(b) != Numbers.NOT_A_NUMBER;
    }

    /** strtoll(s, 8) with a full-consumption check: leading blanks and a sign allowed, overflow refused. */
    private static Long parseOctal(String s) {
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
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
            if (v > (Long.MAX_VALUE >> 3)) {
                return null;
            }
            v = v * 8 + (s.charAt(i) - '0');
            i++;
        }
        if (i == start) {
            return s.isEmpty() ? 0L : null;
        }
        return i == s.length() ? (neg ? -v : v) : null;
    }

    private static int enumValue(String[] names, int[] values, List<String> args, boolean bitflags)
            throws ConfigException {
        if (!args.isEmpty() && (bitflags || args.size() == 1)) {
            int v = 0;
            boolean all = true;
            for (String a : args) {
                boolean matched = false;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(a)) {
                        v |= values[i];
                        matched = true;
                    }
                }
                all &= matched;
            }
            if (all) {
                return v;
            }
        }
        StringBuilder sb = new StringBuilder("argument(s) must be one of the following: ");
        sb.append(String.join(", ", names));
        throw new ConfigException(sb.length() > 255 ? sb.substring(0, 255) : sb.toString());
    }

    /** configEnumGetName: an exact match wins; for flag sets, the names whose bits are all set, in table order. */
    private static String enumName(String[] names, int[] values, int v, boolean bitflags) {
        StringBuilder sb = new StringBuilder();
        int unmatched = v;
        for (int i = 0; i < names.length; i++) {
            if (values[i] == v) {
                return names[i];
            }
            if (bitflags && values[i] != 0 && values[i] == (unmatched & values[i])) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(names[i]);
                unmatched &= ~values[i];
            }
        }
        return sb.length() == 0 || unmatched != 0 ? "unknown" : sb.toString();
    }
}
