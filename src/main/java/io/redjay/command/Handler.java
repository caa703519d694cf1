package io.redjay.command;

/**
 * The code of one command: reads its arguments from the context, acts on the selected database through the
 * context's typed lookups and the database's mutators, writes the reply, and says how it propagates when that is not
 * "verbatim if it changed anything" (see {@link CommandContext}).
 */
@FunctionalInterface
public interface Handler {
    void execute(CommandContext ctx);
}
