package io.redjay.command;

import io.redjay.client.Client;

/**
 * The name under which {@code ConfigCommands} still reaches the shared HELP reply; the server group itself lives in
 * {@code io.redjay.command.server}. Goes away when ConfigCommands calls {@link Help#reply} directly.
 */
public final class ServerCommands {
    private ServerCommands() {
    }

    static void help(Client c, byte[] command, String... lines) {
        Help.reply(c, command, lines);
    }
}
