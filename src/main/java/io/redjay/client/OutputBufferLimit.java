package io.redjay.client;

import io.redjay.config.Config;

/**
 * {@code client-output-buffer-limit}: a client whose unsent output passes its class's hard limit is disconnected at
 * once; one that stays at or over the soft limit for longer than the soft seconds is disconnected too. The class is
 * chosen as Redis's {@code getClientType} chooses it: replica for a replica that is not also a MONITOR, pub/sub for
 * clients in subscribed mode, normal otherwise (MONITOR clients are normal, as in Redis).
 *
 * <p>Subscribers and replicas are the clients whose output grows without them asking: a client that pipelines requests
 * and stops reading is stopped by the transport (reading pauses while its channel is not writable), but a subscriber
 * receives whatever other clients publish and a replica whatever the master writes. "Unsent output" is what Redjay
 * buffers for the client plus what Netty has accepted and not yet written to the socket ({@link Client#outputBytes()}),
 * which is the memory the server would otherwise keep for it, large values queued uncopied included. The client is
 * closed with Redis's warning. The check runs after every message appended for a
 * subscriber and after every flush, which is where Redis checks too (whenever it appends to a reply list).
 *
 * <p>The soft-limit clock is the keyspace clock, so tests can drive it; the time the soft limit was first seen is
 * kept on the client and cleared whenever its output drops below the soft limit.
 */
public final class OutputBufferLimit {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("redjay");

    private OutputBufferLimit() {
    }

    /** Disconnects {@code c} if it is over its output-buffer limit; returns true if it did. */
    public static boolean enforce(Client c) {
        if (c.closed()) {
            return false;
        }
        Config cfg = c.host().config();
        long hard;
        long soft;
        long seconds;
        if (c.replica() && !c.monitor()) {
            hard = cfg.clientOutputBufferLimitReplicaHard;
            soft = cfg.clientOutputBufferLimitReplicaSoft;
            seconds = cfg.clientOutputBufferLimitReplicaSeconds;
            if (hard != 0 && hard < cfg.replBacklogSize) {
                hard = cfg.replBacklogSize; // a partial resync's backlog must fit, as Redis allows
            }
        } else if (c.subscribed()) {
            hard = cfg.clientOutputBufferLimitPubsubHard;
            soft = cfg.clientOutputBufferLimitPubsubSoft;
            seconds = cfg.clientOutputBufferLimitPubsubSeconds;
        } else {
            hard = cfg.clientOutputBufferLimitNormalHard;
            soft = cfg.clientOutputBufferLimitNormalSoft;
            seconds = cfg.clientOutputBufferLimitNormalSeconds;
        }
        if (hard == 0 && soft == 0) {
            return false;
        }
        long used = c.outputBytes();
        boolean over = hard != 0 && used >= hard;
        if (soft != 0 && used >= soft) {
            long now = c.host().keyspace().now();
            long since = c.softLimitSince();
            if (since == 0) {
                c.softLimitSince(now);
            } else if (now - since > seconds * 1000) {
                over = true;
            }
        } else {
            c.softLimitSince(0);
        }
        if (over) {
            LOG.warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.",
                    c.host().clientMemory().describe(c));
            c.host().outputLimitDisconnection();
            c.kill();
        }
        return over;
    }
}
