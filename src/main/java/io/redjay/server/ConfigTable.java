package io.redjay.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of configuration parameters: the one description that the config file reader, command-line overrides,
 * CONFIG GET/SET and CONFIG REWRITE all use.
 */
public final class ConfigTable {
    private final Map<String, ConfigParam> byName = new LinkedHashMap<>();

    public static ConfigTable standard() {
        ConfigTable t = new ConfigTable();
        t.add(new ConfigParam("port", List.of(), 0, c -> Integer.toString(c.port), (c, v) -> c.port = parseInt(v, 0, 65535), "6379"));
        t.add(new ConfigParam("bind", List.of(), MULTI, c -> String.join(" ", c.bind), (c, v) -> c.bind = new ArrayList<>(List.of(v.trim().split("\\s+"))), "* -::*"));
        t.add(new ConfigParam("protected-mode", List.of(), 0, c -> yesNo(c.protectedMode), (c, v) -> c.protectedMode = parseBool(v), "yes"));
        t.add(new ConfigParam("requirepass", List.of(), ConfigParam.SENSITIVE, c -> c.requirepass, (c, v) -> c.requirepass = v, ""));
        t.add(new ConfigParam("io-threads", List.of(), ConfigParam.IMMUTABLE, c -> Integer.toString(c.ioThreads), (c, v) -> c.ioThreads = parseInt(v, 1, 128), "1"));
        t.add(new ConfigParam("save", List.of(), MULTI, c -> c.save, (c, v) -> c.save = v, "3600 1 300 100 60 10000"));
        t.add(new ConfigParam("appendonly", List.of(), 0, c -> yesNo(c.appendonly), (c, v) -> c.appendonly = parseBool(v), "no"));
        t.add(new ConfigParam("hz", List.of(), 0, c -> Integer.toString(c.hz), (c, v) -> c.hz = parseInt(v, 0, Integer.MAX_VALUE), "10"));
        t.add(new ConfigParam("databases", List.of(), ConfigParam.IMMUTABLE, c -> Integer.toString(c.databases), (c, v) -> c.databases = parseInt(v, 1, Integer.MAX_VALUE), "16"));
        t.add(new ConfigParam("enable-debug-command", List.of(), ConfigParam.IMMUTABLE, c -> c.enableDebugCommand, (c, v) -> c.enableDebugCommand = v, "no"));
        return t;
    }

    private static final int MULTI = ConfigParam.MULTI_ARG;

    private void add(ConfigParam p) {
        byName.put(p.name(), p);
        for (String a : p.aliases()) {
            byName.put(a, p);
        }
    }

    public ConfigParam find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<ConfigParam> all() {
        return byName.values();
    }

    static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static boolean parseBool(String v) throws ConfigException {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new ConfigException("argument must be 'yes' or 'no'");
        };
    }

    static int parseInt(String v, int min, int max) throws ConfigException {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
        if (n < min || n > max) {
            throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
        }
        return (int) n;
    }
}
