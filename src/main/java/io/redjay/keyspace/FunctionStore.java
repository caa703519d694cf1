package io.redjay.keyspace;

import java.util.List;

/**
 * The server's function libraries as the dataset's persistence sees them. Redis 7.0 keeps libraries beside the
 * keys, not in them, yet saves them in every snapshot (one {@code FUNCTION2} record per library, before the
 * databases), rewrites them into the AOF, loads them with an RDB and drops them with the data a replica's full sync
 * or {@code DEBUG RELOAD} replaces (never with {@code FLUSHALL}). The keyspace carries this view so that every path
 * that saves or loads a dataset finds the libraries where it finds the keys, while the libraries themselves (and
 * the Lua that compiles them) stay in the scripting package.
 */
public interface FunctionStore {
    /** The code of every library, as {@code FUNCTION LOAD} received it (what a snapshot stores). */
    List<byte[]> libraryCodes();

    /**
     * Registers a library a snapshot holds ({@code rdbFunctionLoad}); with {@code replace} an existing library of
     * that name is replaced (a merging load). Returns null, or Redis's error message.
     */
    String loadLibrary(byte[] code, boolean replace);

    /** Forgets every library. */
    void clear();

    /** An empty store beside this one, for a staged load whose result {@link #adopt} takes in. */
    FunctionStore staging();

    /** Takes the libraries of {@code staged} (made by {@link #staging}) in place of this store's. */
    void adopt(FunctionStore staged);

    /** No functions and none accepted: a keyspace outside a server (tools, tests). */
    FunctionStore NONE = new FunctionStore() {
        @Override
        public List<byte[]> libraryCodes() {
            return List.of();
        }

        @Override
        public String loadLibrary(byte[] code, boolean replace) {
            return "functions are not available here";
        }

        @Override
        public void clear() {
        }

        @Override
        public FunctionStore staging() {
            return this;
        }

        @Override
        public void adopt(FunctionStore staged) {
        }
    };
}
