package io.redjay.config;

import io.redjay.protocol.InlineSplitter;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code redis-server} style command line into configuration, with the rules of Redis's main(): an optional
 * config file first (any first argument not starting with '-'), then {@code --name value ...} overrides. The
 * overrides become config text ({@code --port 7777} is the line {@code port "7777"}) appended after the file and after
 * standard input (read when {@code -} is the first or last argument), so the last word wins and errors in an override
 * are reported like errors in the file. A bare {@code --save} (last, or followed by another option) means
 * {@code save ""}.
 *
 * <p>Configuration values are bytes, kept as ISO-8859-1 strings (one char per byte) like everything the config file
 * and CONFIG SET produce, so a {@code requirepass} typed on the command line compares equal to the same bytes sent by
 * a client. The JVM hands {@code main} its arguments decoded in the platform charset; {@link #fromCommandLine}
 * turns them back into the bytes the shell passed: read from {@code /proc/self/cmdline} where it exists (a
 * non-UTF-8 locale may already have replaced bytes the charset cannot decode), re-encoded in that charset otherwise.
 */
public final class ServerArgs {
    private ServerArgs() {
    }

    /** The arguments of {@code main} as byte strings (ISO-8859-1), as the process received them. */
    public static List<String> fromCommandLine(String[] args) {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            cmdline = null;
        }
        return fromCommandLine(args, cmdline);
    }

    /** {@link #fromCommandLine(String[])} given the process's NUL-separated argument vector (null if unknown). */
    static List<String> fromCommandLine(String[] args, byte[] cmdline) {
        List<String> raw = cmdline == null ? null : lastWords(cmdline, args.length);
        if (raw != null) {
            return raw;
        }
        Charset platform = platformCharset();
        List<String> out = new ArrayList<>(args.length);
        for (String a : args) {
            out.add(new String(a.getBytes(platform), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** The last {@code n} entries of a NUL-separated argument vector, or null when it has fewer. */
    private static List<String> lastWords(byte[] all, int n) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                words.add(new String(all, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return words.size() < n ? null : new ArrayList<>(words.subList(words.size() - n, words.size()));
    }

    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Resets {@code config} to the defaults, then applies the file, stdin and overrides named by {@code args}. */
    public static void apply(ConfigTable table, Config config, List<String> args) throws ConfigException {
        table.applyDefaults(config);
        int j = 0;
        String file = null;
        if (!args.isEmpty() && !args.get(0).startsWith("-")) {
            file = Path.of(args.get(0)).toAbsolutePath().normalize().toString();
            config.configFile = file;
            j = 1;
        }
        boolean fromStdin = false;
        boolean handledLastArg = true;
        StringBuilder options = new StringBuilder();
        int last = args.size() - 1;
        for (; j <= last; j++) {
            String a = args.get(j);
            if (a.equals("-") && (j == 0 || j == last)) {
                fromStdin = true;
            } else if (handledLastArg && a.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(a, 2, a.length()).append(' ');
                List<byte[]> words = InlineSplitter.split(a.getBytes(StandardCharsets.ISO_8859_1));
                if (words != null && words.size() == 1) {
                    handledLastArg = false;
                    if (a.equalsIgnoreCase("--save")
                            && (j == last || args.get(j + 1).startsWith("--"))) {
                        options.append("\"\"");
                        handledLastArg = j != last;
                    }
                } else {
                    handledLastArg = true;
                }
            } else {
                options.append(ConfigRewrite.repr(a)).append(' ');
                handledLastArg = true;
            }
        }
        ConfigFile.load(table, config, file, fromStdin, options.toString());
    }
}
