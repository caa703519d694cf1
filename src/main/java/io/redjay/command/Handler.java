package io.redjay.command;

import io.redjay.server.Client;

/** The code of one command: reads {@code argv}, acts on the client's database, writes the reply. */
@FunctionalInterface
public interface Handler {
    void execute(Client c, byte[][] argv);
}
