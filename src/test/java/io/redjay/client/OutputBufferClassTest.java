package io.redjay.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.redjay.config.Config;
import io.redjay.keyspace.Keyspace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which class of {@code client-output-buffer-limit} applies: a replica gets the replica limits (unless it is also a
 * MONITOR), everyone else the normal ones here; a replica's hard limit is never below {@code repl-backlog-size}, as
 * in Redis. The connection reports a fixed backlog of unsent bytes.
 */
class OutputBufferClassTest {
    private static final long BACKLOG = 10_000;

    private static final class Host implements ClientHost {
        final Config config = new Config();
        final Keyspace keyspace = new Keyspace(1, () -> 1_000L);
        final ClientMemory memory = new ClientMemory(c -> "id=" + c.id());
        int disconnections;

        @Override
        public ClientMemory clientMemory() {
            return memory;
        }

        @Override
        public Config config() {
            return config;
        }

        @Override
        public Keyspace keyspace() {
            return keyspace;
        }

        @Override
        public void scheduleFlush(Client c) {
        }

        @Override
        public boolean repliesWaitForDisk() {
            return false;
        }

        @Override
        public void outputWritten(long bytes) {
        }

        @Override
        public void outputLimitDisconnection() {
            disconnections++;
        }
    }

    private static final class Backlogged implements Connection {
        boolean aborted;

        @Override
        public ByteBuf allocate() {
            return Unpooled.buffer();
        }

        @Override
        public void write(ByteBuf replies) {
            replies.release();
        }

        @Override
        public void close() {
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public String remoteAddress() {
            return "test:1";
        }

        @Override
        public String localAddress() {
            return "test:2";
        }

        @Override
        public void autoRead(boolean on) {
        }

        @Override
        public long pendingOutputBytes() {
            return BACKLOG;
        }
    }

    private static Host hostWithReplicaLimitOnly() {
        Host h = new Host();
        h.config.clientOutputBufferLimitNormalHard = 0;
        h.config.clientOutputBufferLimitNormalSoft = 0;
        h.config.clientOutputBufferLimitReplicaHard = BACKLOG / 2;
        h.config.clientOutputBufferLimitReplicaSoft = 0;
        h.config.replBacklogSize = BACKLOG / 4;
        return h;
    }

    @Test
    void aReplicaIsHeldToTheReplicaClass() {
        Host h = hostWithReplicaLimitOnly();
        Backlogged conn = new Backlogged();
        Client replica = new Client(1, h, conn);
        replica.replica(true);
        assertTrue(OutputBufferLimit.enforce(replica));
        assertTrue(conn.aborted);
        assertTrue(h.disconnections == 1);
    }

    @Test
    void aReplicasHardLimitIsNeverBelowTheBacklogSize() {
        Host h = hostWithReplicaLimitOnly();
        h.config.replBacklogSize = BACKLOG * 2;
        Client replica = new Client(1, h, new Backlogged());
        replica.replica(true);
        assertFalse(OutputBufferLimit.enforce(replica), "a partial resync's backlog must fit");
    }

    @Test
    void normalClientsAndMonitoringReplicasAreNot() {
        Host h = hostWithReplicaLimitOnly();
        Client normal = new Client(1, h, new Backlogged());
        assertFalse(OutputBufferLimit.enforce(normal));
        Client monitoring = new Client(2, h, new Backlogged());
        monitoring.replica(true);
        monitoring.monitor(true);
        assertFalse(OutputBufferLimit.enforce(monitoring));
    }
}
