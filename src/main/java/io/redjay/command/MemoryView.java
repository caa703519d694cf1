package io.redjay.command;

import io.redjay.client.Client;

/** The server's memory accounting and limit as commands and the dispatcher see them (INFO, MEMORY, the OOM check). */
public interface MemoryView {
    /** {@code used_memory}: start-up heap, dataset, hash tables and client buffers, as maintained. */
    long usedMemory();

    /** {@code used_memory_overhead}: everything in {@link #usedMemory} that is not the dataset. */
    long overheadBytes();

    long startupBytes();

    /** {@code mem_clients_normal}. */
    long clientBytes();

    /** {@code mem_clients_slaves}, also {@code mem_not_counted_for_evict}. */
    long replicaClientBytes();

    long peak();

    /** INFO's {@code evicted_clients}: clients closed by {@code maxmemory-clients}. */
    long evictedClients();

    /** CONFIG RESETSTAT's share: the eviction counters. */
    void resetStats();

    /** The limit enforced: {@code maxmemory}, or the heap's safe share when smaller or when none is set. */
    long effectiveLimit();

    /** Evicts as the policy allows, then whether a command with {@code flags} must get the OOM error. */
    boolean refuses(Client c, long flags);

    /** Whether memory was over the limit at the last check (Redis's {@code pre_command_oom_state}). */
    boolean overLimit();

    /** A command failed to allocate: answer OOM and keep serving. */
    void exhausted(OutOfMemoryError e, String command);
}
