package io.redjay.command;

/**
 * A consumer of the propagated command stream: the AOF and the replication backlog. It receives each command with
 * the database it applies to, in execution order, with {@code MULTI}/{@code EXEC} framing already decided; a sink
 * that writes a single stream emits {@code SELECT} itself when the database changes (see
 * {@link io.redjay.protocol.CommandStreamEncoder}), because each stream has its own notion of the selected database.
 */
public interface PropagationSink {
    void propagate(int db, byte[][] argv);
}
