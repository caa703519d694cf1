package io.redjay.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Redis 7.0's coordinated failover ({@code FAILOVER [TO host port [FORCE]] [TIMEOUT ms]}): a master hands its role
 * to one of its replicas without losing a write.
 *
 * <p>The master first stops taking writes (a write pause of its own, beside any {@code CLIENT PAUSE}), and its
 * stream stops moving: no PING, no GETACK while it waits. It then waits until a replica (the one named, or any) has
 * acknowledged the whole stream, and follows that replica, asking with {@code PSYNC <replid> <offset> FAILOVER}.
 * The replica, seeing its own history asked for, becomes a master ({@code REPLICAOF NO ONE}) and answers with
 * {@code +CONTINUE}: the old master continues as its replica from exactly where it was, and takes reads again.
 * Without {@code FORCE} a timeout abandons the failover; with it, the master follows the named replica anyway. A
 * failed handshake, or {@code FAILOVER ABORT}, makes it a master again.
 */
public final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");

    /** INFO's {@code master_failover_state}. */
    enum State { NONE, WAIT_FOR_SYNC, IN_PROGRESS }

    private final ReplicationMaster master;
    private final ReplicaOfMaster replica;
    private final Consumer<Boolean> pauseWrites;
    private State state = State.NONE;
    private String targetHost;
    private int targetPort;
    private long endMillis;
    private boolean force;

    /** @param pauseWrites holds ({@code true}) or releases the clients' writes for the failover */
    public Failover(ReplicationMaster master, ReplicaOfMaster replica, Consumer<Boolean> pauseWrites) {
        this.master = master;
        this.replica = replica;
        this.pauseWrites = pauseWrites;
        replica.handOverFor(this);
    }

    public boolean inProgress() {
        return state != State.NONE;
    }

    /** The handshake with the target: PSYNC carries the FAILOVER flag. */
    boolean handingOver() {
        return state == State.IN_PROGRESS;
    }

    public String stateName() {
        return switch (state) {
            case NONE -> "no-failover";
            case WAIT_FOR_SYNC -> "waiting-for-sync";
            case IN_PROGRESS -> "failover-in-progress";
        };
    }

    /**
     * {@code FAILOVER}: validated by the caller except for what needs the replicas; null when started, else the
     * error's text.
     */
    public String start(String host, int port, long timeoutMillis, boolean forced) {
        if (inProgress()) {
            return "ERR FAILOVER already in progress.";
        }
        if (replica.active()) {
            return "ERR FAILOVER is not valid when server is a replica.";
        }
        if (master.replicas().isEmpty()) {
            return "ERR FAILOVER requires connected replicas.";
        }
        if (forced && (timeoutMillis == 0 || host == null)) {
            return "ERR FAILOVER with force option requires both a timeout and target HOST and IP.";
        }
        if (host != null) {
            ReplicaLink target = find(host, port);
            if (target == null) {
                return "ERR FAILOVER target HOST and PORT is not a replica.";
            }
            if (target.state() != ReplicaLink.State.ONLINE) {
                return "ERR FAILOVER target replica is not online.";
            }
            targetHost = host;
            targetPort = port;
            LOG.info("FAILOVER requested to {}:{}.", host, port);
        } else {
            LOG.info("FAILOVER requested to any replica.");
        }
        endMillis = timeoutMillis == 0 ? 0 : System.currentTimeMillis() + timeoutMillis;
        force = forced;
        state = State.WAIT_FOR_SYNC;
        pauseWrites.accept(true);
        return null;
    }

    private ReplicaLink find(String host, int port) {
        for (ReplicaLink r : master.replicas()) {
            if (r.ip().equals(host) && r.port() == port) {
                return r;
            }
        }
        return null;
    }

    /** Each cron while waiting: the timeout, or a replica that has caught up (Redis's updateFailoverStatus). */
    public void cron() {
        if (state != State.WAIT_FOR_SYNC) {
            return;
        }
        if (endMillis != 0 && System.currentTimeMillis() >= endMillis) {
            if (force) {
                LOG.info("FAILOVER to {}:{} time out exceeded, failing over.", targetHost, targetPort);
                handOver();
            } else {
                abort("Replica never caught up before timeout");
            }
            return;
        }
        ReplicaLink caughtUp = null;
        if (targetHost != null) {
            ReplicaLink target = find(targetHost, targetPort);
            if (target != null && target.ackOffset() == master.offset()) {
                caughtUp = target;
            }
        } else {
            for (ReplicaLink r : master.replicas()) {
                if (r.ackOffset() == master.offset()) {
                    caughtUp = r;
                    targetHost = r.ip();
                    targetPort = r.port();
                    break;
                }
            }
        }
        if (caughtUp != null) {
            LOG.info("Failover target {}:{} is synced, failing over.", targetHost, targetPort);
            handOver();
        }
    }

    private void handOver() {
        state = State.IN_PROGRESS;
        replica.follow(targetHost, targetPort);
    }

    /** The target answered the FAILOVER PSYNC: with a sync (it is the master now), or with a refusal. */
    void answered(boolean accepted) {
        if (state != State.IN_PROGRESS) {
            return;
        }
        if (accepted) {
            clear();
        } else {
            abort("Failover target rejected psync request");
        }
    }

    /** {@code FAILOVER ABORT}, a timeout, or a rejected handover: a master again, taking writes. */
    public void abort(String why) {
        if (state == State.NONE) {
            return;
        }
        if (targetHost != null) {
            LOG.info("FAILOVER to {}:{} aborted: {}", targetHost, targetPort, why);
        } else {
            LOG.info("FAILOVER to any replica aborted: {}", why);
        }
        if (state == State.IN_PROGRESS) {
            replica.stop();
        }
        clear();
    }

    private void clear() {
        state = State.NONE;
        targetHost = null;
        targetPort = 0;
        endMillis = 0;
        force = false;
        pauseWrites.accept(false);
    }
}
