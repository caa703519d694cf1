package io.redjay.diff;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The differential framework itself, so that a silent comparison bug cannot make every script pass: script parsing,
 * the loose comparisons, and a run between two servers that really do differ (two Redjays, one with 20 databases).
 */
class DiffFrameworkTest {
    private static List<DiffScript.Line> script(String text) throws IOException {
        return DiffScript.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesMarkersQuotingAndComments() throws IOException {
        List<DiffScript.Line> lines = script("# comment\n\nSET k \"a b\"\n~ TIME\n@ KEYS *\n  GET 'x y'  \n");
        assertEquals(4, lines.size());
        assertEquals(3, lines.get(0).number());
        assertEquals(DiffScript.Compare.EXACT, lines.get(0).compare());
        assertEquals("a b", new String(lines.get(0).args()[2], StandardCharsets.UTF_8));
        assertEquals(DiffScript.Compare.TYPE, lines.get(1).compare());
        assertEquals("TIME", new String(lines.get(1).args()[0], StandardCharsets.UTF_8));
        assertEquals(DiffScript.Compare.UNORDERED, lines.get(2).compare());
        assertEquals("x y", new String(lines.get(3).args()[1], StandardCharsets.UTF_8));
    }

    @Test
    void unbalancedQuotesAreAScriptError() {
        assertThrows(IllegalArgumentException.class, () -> script("GET \"k\n"));
    }

    @Test
    void sortedIgnoresOrderAtEveryLevel() {
        String a = "*2\r\n$1\r\n0\r\n*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n";
        String b = "*2\r\n$1\r\n0\r\n*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n";
        assertEquals(Replies.sorted(a), Replies.sorted(b));
        assertNotEquals(Replies.sorted(a), Replies.sorted("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\na\r\n"));
        assertEquals(Replies.sorted("%2\r\n$1\r\nk\r\n:1\r\n$1\r\nj\r\n:2\r\n"),
                Replies.sorted("%2\r\n$1\r\nj\r\n:2\r\n$1\r\nk\r\n:1\r\n"));
        assertNotEquals(Replies.sorted("%2\r\n$1\r\nk\r\n:1\r\n$1\r\nj\r\n:2\r\n"),
                Replies.sorted("%2\r\n$1\r\nk\r\n:2\r\n$1\r\nj\r\n:1\r\n"), "map values stay with their keys");
    }

    @Test
    void shapeComparesTypesAndNulls() {
        assertEquals(Replies.shape("$3\r\nabc\r\n"), Replies.shape("$5\r\nvwxyz\r\n"));
        assertNotEquals(Replies.shape("$-1\r\n"), Replies.shape("$1\r\na\r\n"));
        assertNotEquals(Replies.shape(":1\r\n"), Replies.shape("$1\r\n1\r\n"));
    }

    @Test
    void displayEscapesControlBytes() {
        assertEquals("$2\\r\\n\\x00\\xff\\r\\n", Replies.display("$2\r\n\0\u00ff\r\n"));
    }

    @Test
    void runnerReportsExactlyTheLinesThatDiffer() throws IOException {
        try (TestServer a = TestServer.start(); TestServer b = TestServer.start("--databases", "20")) {
            List<DiffScript.Line> lines = script("SET k v\nCONFIG GET databases\n~ CONFIG GET databases\nGET k\n"
                    + "SELECT 3\nSELECT 17\n@ CONFIG GET databases\n");
            List<DiffRunner.Mismatch> mismatches = new DiffRunner(a.port(), b.port()).run(lines);
            assertEquals(3, mismatches.size(), mismatches.toString());
            assertEquals(2, mismatches.get(0).line());
            assertEquals("CONFIG GET databases", mismatches.get(0).command());
            assertEquals("*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n", mismatches.get(0).expected());
            assertEquals("*2\r\n$9\r\ndatabases\r\n$2\r\n20\r\n", mismatches.get(0).actual());
            assertEquals(6, mismatches.get(1).line());
            assertEquals(7, mismatches.get(2).line());
        }
    }
}
