package io.redjay.config;

import io.redjay.protocol.InlineSplitter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a {@code redis-server} style command line into configuration, with the rules of Redis's main(): an optional
 * config file first (any first argument not starting with '-'), then {@code --name value ...} overrides. The
 * overrides become config text ({@code --port 7777} is the line {@code port "7777"}) appended after the file and after
 * standard input (read when {@code -} is the first or last argument), so the last word wins and errors in an override
 * are reported like errors in the file. A bare {@code --save} (last, or followed by another option) means
 * {@code save ""}.
 */
public final class ServerArgs {
    private ServerArgs() {
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
