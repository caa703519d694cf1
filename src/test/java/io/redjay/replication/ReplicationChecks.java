package io.redjay.replication;

import io.redjay.support.RawClient;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the replication tests poll: INFO fields on either side, until a condition holds or 30 s pass. */
final class ReplicationChecks {
    private static final long WAIT_SECONDS = 30;

    private ReplicationChecks() {
    }

    static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    /** An INFO field of {@code section}, or "" when absent or the server does not answer. */
    static String field(RawClient c, String section, String name) {
        try {
            for (String line : c.call("INFO", section).split("\r\n")) {
                if (line.startsWith(name + ":")) {
                    return line.substring(name.length() + 1);
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }
}
