package io.redjay.diff;

import io.redjay.command.Text;
import io.redjay.support.RawClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a script against two servers, the reference Redis and Redjay, one connection each, and collects every line
 * whose replies differ. Both databases are flushed first. A connection that fails (a timeout, or a server closing
 * it) is recorded as a mismatch and reopened, so one broken command does not hide the rest of the script.
 */
final class DiffRunner {
    private static final int TIMEOUT_MILLIS = 5000;

    record Mismatch(int line, String command, String expected, String actual) {
        @Override
        public String toString() {
            return "line " + line + ": " + command + "\n    redis:  " + Replies.display(expected)
                    + "\n    redjay: " + Replies.display(actual);
        }
    }

    private final int redisPort;
    private final int redjayPort;

    DiffRunner(int redisPort, int redjayPort) {
        this.redisPort = redisPort;
        this.redjayPort = redjayPort;
    }

    List<Mismatch> run(List<DiffScript.Line> script) throws IOException {
        List<Mismatch> mismatches = new ArrayList<>();
        Side redis = new Side(redisPort);
        Side redjay = new Side(redjayPort);
        try {
            redis.call(new byte[][] {bytes("FLUSHALL")});
            redjay.call(new byte[][] {bytes("FLUSHALL")});
            for (DiffScript.Line line : script) {
                String expected = redis.call(line.args());
                String actual = redjay.call(line.args());
                if (!same(line.compare(), expected, actual)) {
                    mismatches.add(new Mismatch(line.number(), line.text().strip(), expected, actual));
                }
            }
        } finally {
            redis.close();
            redjay.close();
        }
        return mismatches;
    }

    private static boolean same(DiffScript.Compare compare, String expected, String actual) {
        return switch (compare) {
            case EXACT -> expected.equals(actual);
            case TYPE -> Replies.shape(expected).equals(Replies.shape(actual));
            case UNORDERED -> Replies.sorted(expected).equals(Replies.sorted(actual));
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** One server's connection, reopened after a failure; remembers the selected database to restore it. */
    private static final class Side {
        private final int port;
        private RawClient client;
        private byte[] selectedDb;

        Side(int port) throws IOException {
            this.port = port;
            this.client = new RawClient(port, TIMEOUT_MILLIS);
        }

        String call(byte[][] args) throws IOException {
            try {
                client.command(args);
                String reply = client.readReply();
                if (args.length == 2 && Text.is(args[0], "select") && reply.equals("+OK\r\n")) {
                    selectedDb = args[1];
                }
                return reply;
            } catch (IOException e) {
                client.close();
                client = new RawClient(port, TIMEOUT_MILLIS);
                if (selectedDb != null) {
                    client.command(bytes("SELECT"), selectedDb);
                    client.readReply();
                }
                return "<connection failed: " + e.getMessage() + ">";
            }
        }

        void close() throws IOException {
            client.close();
        }
    }
}
