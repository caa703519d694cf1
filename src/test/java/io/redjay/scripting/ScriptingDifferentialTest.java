package io.redjay.scripting;

import io.redjay.diff.Replies;
import io.redjay.protocol.InlineSplitter;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Scripting is judged against the real thing: every case of {@code eval-corpus.txt} is played on a real Redis 7.0.15
 * and on Redjay, and every reply must be the same bytes on the wire. Writing expected replies by hand would encode
 * our own reading of Lua 5.1 and of Redis's glue; letting the reference server answer catches what we did not know
 * to look for (an error text, a float's last digit, a RESP3 type). Cases flagged {@code [resp3]} are played a second
 * time on connections that said {@code HELLO 3}, where the Lua-to-RESP conversions differ. Both servers are flushed
 * (data and script cache) and the connections return to database 0 before each case, so cases are independent.
 *
 * <p>The corpus format, one case after another:
 * <pre>
 * ;; a comment
 * === case-name [resp3]
 * &gt; SET k v               a command, quoted as redis-cli quotes ($sha and $SHA: the current script's SHA1)
 * return redis.call('get', KEYS[1])     script lines (anything else), gathered into the current script
 * &#64; 1 k                  EVAL the current script with this tail (numkeys, keys, args)
 * &#64;ro 0 | &#64;sha 0 | &#64;sharo 0 | &#64;load    EVAL_RO, EVALSHA, EVALSHA_RO, SCRIPT LOAD of the current script
 * </pre>
 * Script lines following an {@code @} line start a new script. Skipped where {@code redis-server} is not installed.
 */
class ScriptingDifferentialTest {
    private static final String CORPUS = "/io/redjay/scripting/eval-corpus.txt";
    private static final int TIMEOUT_MILLIS = 5000;

    private static RealRedis redis;
    private static TestServer redjay;
    private static final Side[] REDIS = new Side[2];
    private static final Side[] REDJAY = new Side[2];

    /** One command of a case, already resolved to its arguments, with the corpus line it came from. */
    record Step(int line, byte[][] args) {
        String text() {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : args) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(Replies.display(new String(a, StandardCharsets.ISO_8859_1)));
            }
            return sb.toString();
        }
    }

    record Case(String name, int line, boolean resp3, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        redis = RealRedis.start();
        redjay = TestServer.start();
        for (int proto = 0; proto < 2; proto++) {
            REDIS[proto] = new Side(redis.port(), proto == 1);
            REDJAY[proto] = new Side(redjay.port(), proto == 1);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        for (Side[] sides : new Side[][] {REDIS, REDJAY}) {
            for (Side s : sides) {
                if (s != null) {
                    s.close();
                }
            }
        }
        if (redjay != null) {
            redjay.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = ScriptingDifferentialTest.class.getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IOException("missing " + CORPUS);
            }
            return parse(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameRepliesAsRedis(Case c) throws Exception {
        StringBuilder report = new StringBuilder();
        play(c, 0, report);
        if (c.resp3()) {
            play(c, 1, report);
        }
        if (!report.isEmpty()) {
            System.out.println("case " + c.name() + " (line " + c.line() + ") differs:\n" + report);
            fail(report.toString());
        }
    }

    private static void play(Case c, int proto, StringBuilder report) {
        Side expected = REDIS[proto];
        Side actual = REDJAY[proto];
        expected.reset();
        actual.reset();
        for (Step step : c.steps()) {
            String want = expected.call(step.args());
            String got = actual.call(step.args());
            if (!want.equals(got)) {
                report.append("RESP").append(proto == 0 ? 2 : 3).append(" line ").append(step.line()).append(": ")
                        .append(step.text()).append("\n    redis:  ").append(Replies.display(want))
                        .append("\n    redjay: ").append(Replies.display(got)).append('\n');
            }
        }
    }

    static List<Case> parse(InputStream in) throws IOException {
        List<Case> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String name = null;
        int caseLine = 0;
        boolean resp3 = false;
        List<Step> steps = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        boolean scriptUsed = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String text;
            int number = 0;
            while ((text = r.readLine()) != null) {
                number++;
                if (text.startsWith(";;") || text.isBlank()) {
                    continue;
                }
                if (text.startsWith("=== ")) {
                    if (name != null) {
                        cases.add(new Case(name, caseLine, resp3, List.copyOf(steps)));
                    }
                    String header = text.substring(4).strip();
                    resp3 = header.endsWith("[resp3]");
                    name = resp3 ? header.substring(0, header.length() - 7).strip() : header;
                    if (!names.add(name)) {
                        throw new IllegalArgumentException("line " + number + ": duplicate case " + name);
                    }
                    caseLine = number;
                    steps.clear();
                    script.setLength(0);
                    scriptUsed = false;
                    continue;
                }
                if (name == null) {
                    throw new IllegalArgumentException("line " + number + ": outside a case: " + text);
                }
                if (text.startsWith(">")) {
                    steps.add(new Step(number, substitute(split(number, text.substring(1)), script)));
                } else if (text.startsWith("@")) {
                    steps.add(new Step(number, scriptCommand(number, text.substring(1), script)));
                    scriptUsed = true;
                } else {
                    if (scriptUsed) {
                        script.setLength(0);
                        scriptUsed = false;
                    }
                    if (!script.isEmpty()) {
                        script.append('\n');
                    }
                    script.append(text);
                }
            }
        }
        if (name != null) {
            cases.add(new Case(name, caseLine, resp3, List.copyOf(steps)));
        }
        return cases;
    }

    private static byte[][] scriptCommand(int number, String text, StringBuilder script) {
        byte[] body = latin1(script.toString());
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        List<byte[]> tail = split(number, space < 0 ? "" : text.substring(space));
        List<byte[]> args = new ArrayList<>();
        switch (verb) {
            case "" -> {
                args.add(latin1("EVAL"));
                args.add(body);
            }
            case "ro" -> {
                args.add(latin1("EVAL_RO"));
                args.add(body);
            }
            case "sha" -> {
                args.add(latin1("EVALSHA"));
                args.add(latin1(sha1(body)));
            }
            case "sharo" -> {
                args.add(latin1("EVALSHA_RO"));
                args.add(latin1(sha1(body)));
            }
            case "load" -> {
                args.add(latin1("SCRIPT"));
                args.add(latin1("LOAD"));
                args.add(body);
            }
            default -> throw new IllegalArgumentException("line " + number + ": unknown script verb @" + verb);
        }
        args.addAll(tail);
        return args.toArray(new byte[0][]);
    }

    private static byte[][] substitute(List<byte[]> args, StringBuilder script) {
        byte[][] out = new byte[args.size()][];
        for (int i = 0; i < out.length; i++) {
            String a = new String(args.get(i), StandardCharsets.ISO_8859_1);
            String sha = sha1(latin1(script.toString()));
            out[i] = switch (a) {
                case "$sha" -> latin1(sha);
                case "$SHA" -> latin1(sha.toUpperCase(Locale.ROOT));
                default -> args.get(i);
            };
        }
        return out;
    }

    private static List<byte[]> split(int number, String text) {
        List<byte[]> args = InlineSplitter.split(latin1(text));
        if (args == null) {
            throw new IllegalArgumentException("line " + number + ": unbalanced quotes: " + text);
        }
        return args;
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One connection to one server in one protocol. A connection that fails (a timeout, a closed socket) yields a
     * reply describing the failure and is reopened, so one broken case does not hide the others.
     */
    private static final class Side {
        private final int port;
        private final boolean resp3;
        private RawClient client;

        Side(int port, boolean resp3) throws IOException {
            this.port = port;
            this.resp3 = resp3;
            open();
        }

        private void open() throws IOException {
            client = new RawClient(port, TIMEOUT_MILLIS);
            if (resp3) {
                client.call("HELLO", "3");
            }
        }

        void reset() {
            call(new byte[][] {latin1("SELECT"), latin1("0")});
            call(new byte[][] {latin1("FLUSHALL")});
            call(new byte[][] {latin1("SCRIPT"), latin1("FLUSH")});
        }

        String call(byte[][] args) {
            try {
                client.command(args);
                return client.readReply();
            } catch (IOException e) {
                String failure = "<connection failed: " + e.getMessage() + ">";
                try {
                    client.close();
                    open();
                } catch (IOException reopen) {
                    failure += " <reconnect failed: " + reopen.getMessage() + ">";
                }
                return failure;
            }
        }

        void close() throws IOException {
            client.close();
        }
    }
}
