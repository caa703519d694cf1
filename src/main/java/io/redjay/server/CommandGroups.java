package io.redjay.server;

import io.redjay.command.CommandDeclarations;
import io.redjay.command.CommandTable;

/**
 * The command groups the server offers, by package: each group declares its commands in its own
 * {@code commands.txt} next to its handlers (see {@link CommandDeclarations}); this is the only place that knows all
 * of them.
 */
public final class CommandGroups {
    private static final String[] GROUPS = {"connection", "strings", "keys", "server", "introspection", "zsets",
            "lists", "sets", "hashes", "pubsub", "transactions", "cluster", "replication", "scripting"};

    private CommandGroups() {
    }

    public static void registerAll(CommandTable t) {
        for (String group : GROUPS) {
            CommandDeclarations.load(t, group);
        }
    }
}
