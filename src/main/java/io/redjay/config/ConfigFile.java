package io.redjay.config;

import io.redjay.keyspace.Glob;
import io.redjay.protocol.InlineSplitter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads configuration text in redis.conf syntax, the way Redis's loadServerConfigFromString does: one directive per
 * line, {@code #} comments and blank lines skipped, arguments split with the quoting rules of the inline protocol
 * ({@link InlineSplitter}), directive names case-insensitive, {@code include} pulling in other files (with glob
 * patterns), and repeated {@code save} lines adding up.
 *
 * <p>Any error is fatal and reported with Redis's exact text (the banner, the line number and the offending line);
 * the caller prints it to stderr and exits with status 1.
 */
public final class ConfigFile {
    /** Directives of older versions that Redis still accepts and ignores, with their argument count. */
    private static final Set<String> DEPRECATED = Set.of("list-max-ziplist-entries", "list-max-ziplist-value",
            "lua-replicate-commands");

    private final ConfigTable table;
    private final Config config;
    private final Set<ConfigParam> accumulating = new HashSet<>();

    private ConfigFile(ConfigTable table, Config config) {
        this.table = table;
        this.config = config;
    }

    /**
     * Loads {@code filename} (may be null), then standard input when {@code fromStdin}, then the {@code options}
     * text (may be null), as one configuration: Redis's loadServerConfig.
     */
    public static void load(ConfigTable table, Config config, String filename, boolean fromStdin, String options)
            throws ConfigException {
        StringBuilder text = new StringBuilder();
        if (filename != null) {
            text.append(readFiles(filename));
        }
        if (fromStdin) {
            try {
                InputStream in = System.in;
                text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't read config from stdin: " + e.getMessage() + "\n");
            }
        }
        if (options != null) {
            text.append('\n').append(options);
        }
        new ConfigFile(table, config).loadString(text.toString());
    }

    private void loadString(String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String err = directive(line);
            if (err != null) {
                throw new ConfigException(fatal(i + 1, line, err));
            }
        }
        if (!config.logfile.isEmpty()) {
            String err = checkLogFile(config.logfile);
            if (err != null) {
                throw new ConfigException(fatal(0, null, "Can't open the log file: " + err));
            }
        }
    }

    /** Applies one non-comment line; returns Redis's error message, or null when it was accepted. */
    private String directive(String line) throws ConfigException {
        List<byte[]> split = InlineSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
        if (split == null) {
            return "Unbalanced quotes in configuration line";
        }
        if (split.isEmpty()) {
            return null;
        }
        List<String> argv = strings(split);
        String name = argv.get(0).toLowerCase(Locale.ROOT);
        ConfigParam p = table.find(name);
        if (p != null) {
            return set(p, argv.subList(1, argv.size()));
        }
        if (DEPRECATED.contains(name) && argv.size() == 2) {
            return null;
        }
        if (name.equals("include") && argv.size() == 2) {
            loadString(readFiles(argv.get(1)));
            return null;
        }
        if (name.equals("user") && argv.size() >= 2) {
            return defaultUser(argv);
        }
        return "Bad directive or wrong number of arguments";
    }

    /**
     * A {@code user} line, as CONFIG REWRITE writes one for the default user: accepted when it describes what Redjay's
     * only user is (enabled, every key, channel and command), with {@code nopass}, a {@code #<sha256>} (the password
     * itself comes from the {@code requirepass} line beside it) or a {@code >password}, which sets
     * {@code requirepass}. Other users and narrower rules need ACLs, which do not exist yet.
     */
    private String defaultUser(List<String> argv) {
        if (!argv.get(1).equals("default")) {
            return "ACL users other than 'default' are not supported yet";
        }
        for (String rule : argv.subList(2, argv.size())) {
            switch (rule) {
                case "on", "nopass", "~*", "&*", "+@all", "allkeys", "allchannels", "allcommands", "resetchannels" -> {
                }
                default -> {
                    if (rule.startsWith(">")) {
                        config.requirepass = rule.substring(1);
                    } else if (!(rule.startsWith("#") && rule.length() == 65)) {
                        return "ACL rule '" + rule + "' is not supported yet (only the default user with full access)";
                    }
                }
            }
        }
        return null;
    }

    private String set(ConfigParam p, List<String> args) {
        if (!p.is(ConfigParam.MULTI_ARG) && args.size() != 1) {
            return "wrong number of arguments";
        }
        List<String> values = args;
        if (p.is(ConfigParam.MULTI_ARG) && args.size() == 1 && !args.get(0).isEmpty()) {
            List<byte[]> inner = InlineSplitter.split(args.get(0).getBytes(StandardCharsets.ISO_8859_1));
            values = inner == null ? List.of() : strings(inner);
        }
        if (p.is(ConfigParam.ACCUMULATES) && !accumulating.add(p)) {
            String current = p.get(config);
            if (!current.isEmpty() && !(values.size() == 1 && values.get(0).isEmpty())) {
                List<String> all = new ArrayList<>(Arrays.asList(current.split(" ")));
                all.addAll(values);
                values = all;
            }
        }
        try {
            p.set(config, values);
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    /** The whole fatal report; {@code lineNumber} 0 means the error is not tied to a line. */
    private static String fatal(int lineNumber, String line, String message) {
        StringBuilder sb = new StringBuilder("\n*** FATAL CONFIG FILE ERROR (Redis ").append(Version.REDIS)
                .append(") ***\n");
        if (lineNumber > 0) {
            sb.append("Reading the configuration file, at line ").append(lineNumber).append('\n');
            sb.append(">>> '").append(line).append("'\n");
        }
        return sb.append(message).append('\n').toString();
    }

    /** Reads one file, or every file a glob pattern (in the last path component) matches, in name order. */
    private static String readFiles(String filename) throws ConfigException {
        if (filename.indexOf('*') < 0 && filename.indexOf('?') < 0 && filename.indexOf('[') < 0) {
            return readFile(filename);
        }
        File f = new File(filename);
        File parent = f.getAbsoluteFile().getParentFile();
        byte[] pattern = f.getName().getBytes(StandardCharsets.ISO_8859_1);
        String[] names = parent == null ? null : parent.list();
        if (names == null) {
            return "";
        }
        Arrays.sort(names);
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (!n.startsWith(".") && Glob.match(pattern, n.getBytes(StandardCharsets.ISO_8859_1), false)) {
                sb.append(readFile(new File(parent, n).getPath()));
            }
        }
        return sb.toString();
    }

    private static String readFile(String filename) throws ConfigException {
        Path path = Path.of(filename);
        if (Files.isDirectory(path)) {
            return "";
        }
        try {
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException("Fatal error, can't open config file '" + filename + "': " + reason(e) + "\n");
        }
    }

    private static String checkLogFile(String logfile) {
        Path p = Path.of(logfile);
        if (Files.isDirectory(p)) {
            return "Is a directory";
        }
        if (Files.exists(p)) {
            return Files.isWritable(p) ? null : "Permission denied";
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "No such file or directory";
        }
        return Files.isWritable(parent) ? null : "Permission denied";
    }

    /** The strerror text for a file access failure. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage();
    }

    /** sdstrim(line, " \t\r\n"). */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmed(s.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmed(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isTrimmed(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static List<String> strings(List<byte[]> parts) {
        List<String> out = new ArrayList<>(parts.size());
        for (byte[] b : parts) {
            out.add(new String(b, StandardCharsets.ISO_8859_1));
        }
        return out;
    }
}
