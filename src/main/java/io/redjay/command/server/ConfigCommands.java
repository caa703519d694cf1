package io.redjay.command.server;

import io.redjay.client.Client;
import io.redjay.command.CommandContext;
import io.redjay.command.Errors;
import io.redjay.command.Help;
import io.redjay.command.ServerView;
import io.redjay.config.Config;
import io.redjay.config.ConfigException;
import io.redjay.config.ConfigParam;
import io.redjay.config.ConfigRewrite;
import io.redjay.config.ConfigTable;
import io.redjay.keyspace.Glob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CONFIG GET/SET/RESETSTAT/REWRITE/HELP, thin layers over {@link ConfigTable}: every parameter's parsing, printing
 * and rewriting lives in the table, so these handlers only implement the command semantics of config.c.
 *
 * <p>CONFIG SET is all or nothing: every name is checked first (unknown, immutable, protected, duplicate), then the
 * values are set one by one after saving the old ones, and the first refusal restores every value set so far. Values
 * of multi-argument parameters are split on single spaces, as Redis does.
 */
public final class ConfigCommands {
    private ConfigCommands() {
    }

    // CONFIG GET parameter [parameter ...]
    static void get(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ServerView server = ctx.server();
        ConfigTable table = server.configTable();
        Map<String, Map.Entry<String, ConfigParam>> matches = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            String name = new String(argv[i], StandardCharsets.ISO_8859_1);
            if (!isPattern(name)) {
                String key = name.toLowerCase(Locale.ROOT);
                ConfigParam p = table.find(name);
                if (p != null && !matches.containsKey(key)) {
                    matches.put(key, Map.entry(name, p));
                }
                continue;
            }
            for (Map.Entry<String, ConfigParam> e : table.names().entrySet()) {
                if (e.getValue().is(ConfigParam.HIDDEN) || matches.containsKey(e.getKey())) {
                    continue;
                }
                if (Glob.match(argv[i], e.getKey().getBytes(StandardCharsets.ISO_8859_1), true)) {
                    matches.put(e.getKey(), e);
                }
            }
        }
        c.reply().map(matches.size());
        for (Map.Entry<String, ConfigParam> e : matches.values()) {
            c.reply().bulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            c.reply().bulk(e.getValue().get(server.config()).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    // CONFIG SET parameter value [parameter value ...]
    static void set(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if ((argv.length & 1) != 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Config config = ctx.server().config();
        ConfigTable table = ctx.server().configTable();
        int count = (argv.length - 2) / 2;
        ConfigParam[] params = new ConfigParam[count];
        String errorName = null;
        String reason = null;
        boolean deniedWhileLoading = false;
        boolean loading = ctx.server().rdb().loading().active() || ctx.server().rdb().asyncLoading();
        for (int i = 0; i < count; i++) {
            String name = new String(argv[2 + i * 2], StandardCharsets.ISO_8859_1);
            ConfigParam p = table.find(name);
            deniedWhileLoading |= p != null && loading && p.is(ConfigParam.DENY_LOADING);
            if (reason != null) {
                continue;
            }
            if (p == null) {
                c.reply().error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
                return;
            }
            if (p.is(ConfigParam.IMMUTABLE)) {
                reason = "can't set immutable config";
            } else if (p.is(ConfigParam.PROTECTED) && !allowProtected(config.enableProtectedConfigs, c)) {
                reason = "can't set protected config";
            } else if (Arrays.asList(params).subList(0, i).contains(p)) {
                reason = "duplicate parameter";
            }
            if (reason != null) {
                errorName = name;
            }
            params[i] = p;
        }
        if (deniedWhileLoading) {
            c.reply().error(io.redjay.command.Dispatcher.LOADING);
            return;
        }
        if (reason != null) {
            failed(c, errorName, reason);
            return;
        }
        String[] old = new String[count];
        for (int i = 0; i < count; i++) {
            old[i] = params[i].get(config);
        }
        for (int i = 0; i < count; i++) {
            try {
                setSplit(config, params[i], new String(argv[3 + i * 2], StandardCharsets.ISO_8859_1));
            } catch (ConfigException e) {
                for (int j = 0; j <= i; j++) {
                    restore(config, params[j], old[j]);
                }
                failed(c, params[i].name(), e.getMessage());
                return;
            }
        }
        List<ConfigParam> changed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (params[i].applier() != null && !old[i].equals(params[i].get(config))) {
                changed.add(params[i]);
            }
        }
        new Apply(ctx.server(), c, params, old, changed).next();
    }

    /**
     * The apply step of one CONFIG SET: runs the appliers of the changed parameters one after another (an applier may
     * complete later, in which case the client waits suspended, its later requests queued). The first failure puts
     * every value of the command back, applies the old values again and replies Redis's error naming the parameter.
     */
    private static final class Apply {
        private final ServerView server;
        private final Client c;
        private final ConfigParam[] params;
        private final String[] old;
        private final List<ConfigParam> changed;
        private int index;
        private boolean running;
        private boolean suspended;

        Apply(ServerView server, Client c, ConfigParam[] params, String[] old, List<ConfigParam> changed) {
            this.server = server;
            this.c = c;
            this.params = params;
            this.old = old;
            this.changed = changed;
        }

        void next() {
            while (index < changed.size()) {
                ConfigParam p = changed.get(index++);
                boolean[] completed = {false};
                running = true;
                p.applier().apply(server.config(), error -> {
                    completed[0] = true;
                    if (error != null) {
                        rollBack(p, error);
                    } else if (!running) {
                        next();
                    }
                });
                running = false;
                if (!completed[0]) {
                    suspended = true;
                    c.suspend();
                    return;
                }
                if (index > changed.size()) {
                    return;
                }
            }
            c.reply().ok();
            finish();
        }

        private void rollBack(ConfigParam failedParam, String error) {
            Config config = server.config();
            for (int j = 0; j < params.length; j++) {
                restore(config, params[j], old[j]);
            }
            for (int j = 0; j < index - 1; j++) {
                changed.get(j).applier().apply(config, ignored -> { });
            }
            index = changed.size() + 1;
            failed(c, failedParam.name(), error);
            finish();
        }

        private void finish() {
            if (suspended) {
                suspended = false;
                server.resume(c);
            }
        }
    }

    private static void failed(Client c, String name, String reason) {
        c.reply().error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    /** performInterfaceSet: multi-argument values are split on every single space, an empty value into nothing. */
    private static void setSplit(Config config, ConfigParam p, String value) throws ConfigException {
        List<String> args;
        if (!p.is(ConfigParam.MULTI_ARG)) {
            args = List.of(value);
        } else if (value.isEmpty()) {
            args = List.of();
        } else {
            args = new ArrayList<>(Arrays.asList(value.split(" ", -1)));
        }
        p.set(config, args);
    }

    private static void restore(Config config, ConfigParam p, String value) {
        try {
            setSplit(config, p, value);
        } catch (ConfigException e) {
            throw new IllegalStateException("cannot restore " + p.name() + " to '" + value + "'", e);
        }
    }

    /** enable-protected-configs: "yes" allows everyone, "local" only loopback connections. */
    private static boolean allowProtected(String setting, Client c) {
        if (setting.equals("yes")) {
            return true;
        }
        if (!setting.equals("local")) {
            return false;
        }
        String addr = c.connection().remoteAddress();
        return addr.startsWith("127.") || addr.startsWith("::1:") || addr.startsWith("0:0:0:0:0:0:0:1:");
    }

    // CONFIG RESETSTAT
    static void resetstat(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        ctx.server().stats().reset();
        ctx.server().commands().resetStats();
        ctx.server().memory().resetStats();
        ctx.server().replication().resetStats();
        c.reply().ok();
    }

    // CONFIG REWRITE
    static void rewrite(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Config config = ctx.server().config();
        if (config.configFile.isEmpty()) {
            c.reply().error("ERR The server is running without a config file");
            return;
        }
        try {
            ConfigRewrite.rewrite(ctx.server().configTable(), config, Path.of(config.configFile));
            c.reply().ok();
        } catch (IOException e) {
            c.reply().error("ERR Rewriting config file: " + strerror(e));
        }
    }

    private static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return String.valueOf(e.getMessage());
    }

    // CONFIG HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        Help.reply(c, argv[0],
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.");
    }
}
