package io.redjay.command;

import io.redjay.client.Client;
import io.redjay.config.Config;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.protocol.ReplyWriter;

import java.util.function.Supplier;

/**
 * Everything a handler works with while one command runs: the client, the arguments, the selected database, the reply
 * writer, typed key lookups, and the command's propagation.
 *
 * <p><b>One object, reused.</b> The dispatcher keeps one context per nesting level (a command, a command that EXEC
 * runs, a blocked command re-executed on wake-up) and refills it for each call, so running a command allocates
 * nothing here.
 *
 * <p><b>Typed lookups.</b> {@link #read} and {@link #write} answer "this key as a hash, or nothing": a missing key is
 * {@code null}, a key of another type raises {@link CommandError#WRONGTYPE}, which the dispatcher turns into Redis's
 * WRONGTYPE reply. No handler tests or casts a stored value by hand, and none writes the WRONGTYPE error. A write
 * lookup goes through {@link Database#lookupWrite}, which runs the keyspace's before-write hook, so a snapshot in
 * progress saves the old value before the handler changes it in place. {@link #readIfType} and {@link #writeIfType}
 * are the lookups that do not raise: a blocked command re-executed on wake-up skips a key that now holds another type
 * and keeps waiting.
 *
 * <p><b>Propagation.</b> By default a write that changed the dataset (the dirty counter moved) is propagated
 * verbatim; one that changed nothing propagates nothing. A handler that must be replayed in another form says so:
 * {@link #propagateAs} replaces the verbatim form (EXPIRE becomes PEXPIREAT, BLPOP becomes LPOP),
 * {@link #alsoPropagate} adds a command at this point of the stream (SPOP's SREMs), {@link #preventPropagation} drops
 * the command itself.
 */
public final class CommandContext {
    private final ServerView server;
    private Client client;
    private Command command;
    private byte[][] argv;
    private byte[][] propagateAs;
    private boolean prevented;
    private int forced;

    CommandContext(ServerView server) {
        this.server = server;
    }

    void begin(Client c, Command cmd, byte[][] args) {
        client = c;
        command = cmd;
        argv = args;
        propagateAs = null;
        prevented = false;
        forced = 0;
    }

    void end() {
        client = null;
        argv = null;
        propagateAs = null;
    }

    public Client client() {
        return client;
    }

    public ServerView server() {
        return server;
    }

    public Config config() {
        return server.config();
    }

    public Command command() {
        return command;
    }

    public byte[][] argv() {
        return argv;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    public int argc() {
        return argv.length;
    }

    /** The client's selected database (read each time: SELECT inside EXEC changes it between commands). */
    public Database db() {
        return client.db();
    }

    public ReplyWriter reply() {
        return client.reply();
    }

    /** Argument {@code i} as a 64-bit integer; Redis's "not an integer" error otherwise. */
    public long longArg(int i) {
        byte[] a = arg(i);
        long v = io.redjay.types.Numbers.parseLong(a);
        if (v == io.redjay.types.Numbers.NOT_A_NUMBER && !io.redjay.types.Numbers.isValidLong(a)) {
            throw CommandError.NOT_INTEGER;
        }
        return v;
    }

    public long now() {
        return server.keyspace().now();
    }

    /**
     * Redis's {@code checkAlreadyExpired}: an expiry time already past deletes the key at once, except while loading
     * an AOF (a later command of the file may still need the key) or on a replica (its master decides).
     */
    public boolean alreadyExpired(long whenMillis) {
        return whenMillis <= now() && server.keyspace().expiryDeletes();
    }

    // ---------------------------------------------------------------- typed lookups

    /** The key's value as {@code type} for reading (hit/miss counted, access time updated); null when missing. */
    public <T> T read(byte[] key, Class<T> type) {
        KeyEntry e = client.db().lookup(key);
        return e == null ? null : checked(e.value(), type);
    }

    /** The key's string value for reading; null when missing. */
    public byte[] readString(byte[] key) {
        KeyEntry e = client.db().lookup(key);
        if (e == null) {
            return null;
        }
        if (e.value() instanceof byte[] s) {
            return s;
        }
        throw CommandError.WRONGTYPE;
    }

    /** As {@link #read} but a key of another type reads as missing instead of raising (blocked-command retries). */
    public <T> T readIfType(byte[] key, Class<T> type) {
        KeyEntry e = client.db().lookup(key);
        return e != null && type.isInstance(e.value()) ? type.cast(e.value()) : null;
    }

    /**
     * As {@link #write} but a key of another type reads as missing instead of raising: a blocked command served on
     * wake-up skips such a key and keeps waiting. Like every write lookup it runs the before-write hook and counts
     * no keyspace hit or miss, as Redis's blocking pops look their keys up.
     */
    public <T> T writeIfType(byte[] key, Class<T> type) {
        KeyEntry e = client.db().lookupWrite(key);
        return e != null && type.isInstance(e.value()) ? type.cast(e.value()) : null;
    }

    /**
     * The key's value as {@code type}, to be changed in place; null when missing. The before-write hook has run when
     * this returns a value.
     */
    public <T> T write(byte[] key, Class<T> type) {
        KeyEntry e = client.db().lookupWrite(key);
        return e == null ? null : checked(e.value(), type);
    }

    /** The key's value as {@code type} to change in place, created empty (and stored) when missing. */
    public <T> T writeOrCreate(byte[] key, Class<T> type, Supplier<? extends T> empty) {
        Database db = client.db();
        KeyEntry e = db.lookupWrite(key);
        if (e != null) {
            return checked(e.value(), type);
        }
        T v = empty.get();
        db.add(key, v);
        return v;
    }

    /** The entry of a key to change (value or TTL), with the before-write hook run; null when missing. */
    public KeyEntry writeEntry(byte[] key) {
        return client.db().lookupWrite(key);
    }

    /** Raises WRONGTYPE unless an existing key's entry holds {@code type}; returns its value. */
    public static <T> T checked(Object value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw CommandError.WRONGTYPE;
    }

    // ---------------------------------------------------------------- propagation

    /**
     * Whether anything listens to the propagated stream (an AOF, a replica). A handler that builds a rewritten form
     * asks first, so that without listeners no command allocates a form nobody will read.
     */
    public boolean propagating() {
        return server.propagator().active(Propagator.ALL);
    }

    /** Propagates the command as {@code form} instead of verbatim (when it changed the dataset). */
    public void propagateAs(byte[]... form) {
        propagateAs = form;
    }

    /** Adds {@code form} to the stream now, in the selected database, whatever the command itself propagates. */
    public void alsoPropagate(byte[]... form) {
        server.propagator().add(client.db().id(), form, Propagator.ALL);
    }

    /** The command itself is not propagated (what it needs was given to {@link #alsoPropagate}). */
    public void preventPropagation() {
        prevented = true;
    }

    /** Propagates the command to {@code targets} even if it changed nothing (PUBLISH reaches replicas). */
    public void forcePropagation(int targets) {
        forced |= targets;
    }

    byte[][] propagatedForm() {
        return propagateAs != null ? propagateAs : argv;
    }

    boolean prevented() {
        return prevented;
    }

    int forced() {
        return forced;
    }
}
