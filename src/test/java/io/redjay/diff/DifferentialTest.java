package io.redjay.diff;

import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every script under {@code src/test/resources/diff/} against a real redis-server and against Redjay and
 * requires identical replies, byte for byte. Redis's behaviour is the specification, so instead of writing down
 * expected replies by hand the scripts only list commands, and the reference server answers them. Skipped where
 * {@code redis-server} is not installed. A new script file is picked up without code changes.
 */
class DifferentialTest {
    private static RealRedis redis;
    private static TestServer redjay;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        redis = RealRedis.start();
        redjay = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (redjay != null) {
            redjay.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static List<String> scripts() throws URISyntaxException {
        URL dir = DifferentialTest.class.getResource("/diff");
        assertTrue(dir != null, "no diff scripts on the test classpath");
        String[] names = new File(dir.toURI()).list((d, name) -> name.endsWith(".txt"));
        return Arrays.stream(names == null ? new String[0] : names).sorted().collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void sameRepliesAsRedis(String script) throws Exception {
        List<DiffScript.Line> lines;
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/diff/" + script)) {
            lines = DiffScript.parse(in);
        }
        List<DiffRunner.Mismatch> mismatches = new DiffRunner(redis.port(), redjay.port()).run(lines);
        if (!mismatches.isEmpty()) {
            String report = mismatches.size() + " of " + lines.size() + " commands in " + script
                    + " differ from Redis:\n" + mismatches.stream().map(DiffRunner.Mismatch::toString)
                    .collect(Collectors.joining("\n"));
            System.out.println(report);
            fail(report);
        }
    }
}
