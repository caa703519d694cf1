package io.redjay.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@code redis-server} style command line into configuration: an optional config file first, then
 * {@code --name value ...} overrides, which are applied as if they were lines appended to the file.
 */
public final class ServerArgs {
    private ServerArgs() {
    }

    public static void apply(ConfigTable table, Config config, List<String> args) throws ConfigException {
        int i = 0;
        if (!args.isEmpty() && !args.get(0).startsWith("--")) {
            config.configFile = args.get(0);
            i = 1;
        }
        String name = null;
        List<String> values = new ArrayList<>();
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                if (name != null) {
                    set(table, config, name, values);
                }
                name = a.substring(2);
                values = new ArrayList<>();
            } else if (name != null) {
                values.add(a);
            }
        }
        if (name != null) {
            set(table, config, name, values);
        }
    }

    private static void set(ConfigTable table, Config config, String name, List<String> values)
            throws ConfigException {
        ConfigParam p = table.find(name);
        if (p == null) {
            throw new ConfigException("Bad directive or wrong number of arguments: " + name);
        }
        p.set(config, String.join(" ", values));
    }
}
