package io.redjay.server;

import io.redjay.command.CommandTable;
import io.redjay.command.connection.ConnectionCommands;
import io.redjay.command.hashes.HashCommands;
import io.redjay.command.introspection.ClientCommands;
import io.redjay.command.introspection.CommandCommands;
import io.redjay.command.keys.ExpireCommands;
import io.redjay.command.keys.KeyCommands;
import io.redjay.command.keys.ObjectCommand;
import io.redjay.command.keys.SortCommand;
import io.redjay.command.lists.ListCommands;
import io.redjay.command.pubsub.PubSubCommands;
import io.redjay.command.server.ConfigCommands;
import io.redjay.command.server.DebugCommands;
import io.redjay.command.server.InfoCommand;
import io.redjay.command.server.ServerCommands;
import io.redjay.command.sets.SetCommands;
import io.redjay.command.strings.BitCommands;
import io.redjay.command.strings.StringCommands;
import io.redjay.command.transactions.TransactionCommands;
import io.redjay.command.zsets.ZSetCommands;

/**
 * The list of command groups. Each group declares its own commands next to their handlers; this is the only place
 * that knows all groups.
 */
public final class CommandGroups {
    private CommandGroups() {
    }

    public static void registerAll(CommandTable t) {
        ConnectionCommands.register(t);
        StringCommands.register(t);
        BitCommands.register(t);
        KeyCommands.register(t);
        ExpireCommands.register(t);
        ObjectCommand.register(t);
        ServerCommands.register(t);
        DebugCommands.register(t);
        InfoCommand.register(t);
        ClientCommands.register(t);
        CommandCommands.register(t);
        ConfigCommands.register(t);
        ZSetCommands.register(t);
        ListCommands.register(t);
        SetCommands.register(t);
        SortCommand.register(t);
        HashCommands.register(t);
        PubSubCommands.register(t);
        TransactionCommands.register(t);
    }
}
