package io.redjay.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Glob matching against a table recorded from a real redis-server 7.0.15: the subjects below were stored as keys and
 * each pattern's KEYS reply gives the row (KEYS short-circuits a lone "*", which is why "*" excludes the empty key
 * here, as stringmatchlen itself does). Java literals are Latin-1, so "\u00e9" is the single byte 0xE9.
 */
class GlobTest {
    private static final String[] SUBJECTS = {
            "", "a", "b", "ab", "abc", "hello", "hallo", "hxllo", "hllo", "heeeello", "-", "]", "[", "^", "\\", "*", "?", "x*y",
            "a]", "A", "Hello", "foo:bar:baz", "foo::", "\u00e9"
    };

    /** Each row: the pattern, then every subject it matches. */
    private static final String[][] TABLE = {
            {"*", "a", "b", "ab", "abc", "hello", "hallo", "hxllo", "hllo", "heeeello", "-", "]", "[", "^", "\\", "*", "?", "x*y", "a]", "A", "Hello", "foo:bar:baz", "foo::", "\u00e9"},
            {"**", "a", "b", "ab", "abc", "hello", "hallo", "hxllo", "hllo", "heeeello", "-", "]", "[", "^", "\\", "*", "?", "x*y", "a]", "A", "Hello", "foo:bar:baz", "foo::", "\u00e9"},
            {"", ""},
            {"?", "a", "b", "-", "]", "[", "^", "\\", "*", "?", "A", "\u00e9"},
            {"??", "ab", "a]"},
            {"a*", "a", "ab", "abc", "a]"},
            {"*c", "abc"},
            {"*b*", "b", "ab", "abc", "foo:bar:baz"},
            {"h?llo", "hello", "hallo", "hxllo"},
            {"h*llo", "hello", "hallo", "hxllo", "hllo", "heeeello"},
            {"h[ae]llo", "hello", "hallo"},
            {"h[^e]llo", "hallo", "hxllo"},
            {"h[a-b]llo", "hallo"},
            {"h[b-a]llo", "hallo"},
            {"[", },
            {"[a", "a"},
            {"[^", "a", "b", "-", "]", "[", "^", "\\", "*", "?", "A", "\u00e9"},
            {"[]", },
            {"[]a]", },
            {"[^]", "a", "b", "-", "]", "[", "^", "\\", "*", "?", "A", "\u00e9"},
            {"[a-]", "a", "]", "^"},
            {"[-a]", "a", "-"},
            {"[\\]]", "]"},
            {"[\\", "\\"},
            {"\\", "\\"},
            {"\\*", "*"},
            {"\\?", "?"},
            {"x\\*y", "x*y"},
            {"a\\]", "a]"},
            {"[*]", "*"},
            {"[?]", "?"},
            {"foo:*:baz", "foo:bar:baz"},
            {"foo:*", "foo:bar:baz", "foo::"},
            {"*:*:*", "foo:bar:baz", "foo::"},
            {"[^a-z]", "-", "]", "[", "^", "\\", "*", "?", "A", "\u00e9"},
            {"[a-z]*", "a", "b", "ab", "abc", "hello", "hallo", "hxllo", "hllo", "heeeello", "x*y", "a]", "foo:bar:baz", "foo::"},
            {"*[", },
            {"a[", },
            {"[\\-]", "-"},
            {"[a\\-c]", "a", "-"},
            {"[\u00e0-\u00ef]", "\u00e9"},
            {"?*?", "ab", "abc", "hello", "hallo", "hxllo", "hllo", "heeeello", "x*y", "a]", "Hello", "foo:bar:baz", "foo::"},
            {"*?*?*?", "abc", "hello", "hallo", "hxllo", "hllo", "heeeello", "x*y", "Hello", "foo:bar:baz", "foo::"},
            {"[[]", "["},
            {"[\\^]", "^"},
            {"\\\\", "\\"},
    };

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void matchesTheTableRecordedFromRedis() {
        for (String[] row : TABLE) {
            List<String> expected = List.of(row).subList(1, row.length);
            List<String> actual = new ArrayList<>();
            for (String s : SUBJECTS) {
                if (Glob.match(b(row[0]), b(s), false)) {
                    actual.add(s);
                }
            }
            assertEquals(expected, actual, "pattern " + row[0]);
        }
    }

    @Test
    void emptySubjectOnlyMatchesEmptyPattern() {
        assertTrue(Glob.match(b(""), b(""), false));
        assertFalse(Glob.match(b("*"), b(""), false));
        assertFalse(Glob.match(b("**"), b(""), false));
        assertFalse(Glob.match(b("?"), b(""), false));
    }

    @Test
    void nocaseFoldsAsciiLettersOnly() {
        assertTrue(Glob.match(b("HELLO"), b("hello"), true));
        assertTrue(Glob.match(b("h[A-Z]llo"), b("hello"), true));
        assertTrue(Glob.match(b("h[a-z]llo"), b("HELLO"), true));
        assertTrue(Glob.match(b("h[^X]llo"), b("hello"), true));
        assertFalse(Glob.match(b("h[^E]llo"), b("hello"), true));
        assertFalse(Glob.match(b("HELLO"), b("hello"), false));
        assertFalse(Glob.match(b("\u00c9"), b("\u00e9"), true));
        assertTrue(Glob.match(b("maxmemory-*"), b("MAXMEMORY-POLICY"), true));
    }

    @Test
    void escapesAndClasses() {
        assertTrue(Glob.match(b("\\*"), b("*"), false));
        assertFalse(Glob.match(b("\\*"), b("x"), false));
        assertTrue(Glob.match(b("a\\"), b("a\\"), false));
        assertTrue(Glob.match(b("[\\]]"), b("]"), false));
        assertTrue(Glob.match(b("[z-a]"), b("m"), false));
        assertTrue(Glob.match(b("[abc"), b("c"), false));
        assertTrue(Glob.match(b("[^"), b("q"), false));
    }

    @Test
    void sliceOverloadMatchesASubrange() {
        byte[] p = b("xxh*oyy");
        byte[] s = b("--hello--");
        assertTrue(Glob.match(p, 2, 5, s, 2, 7, false));
        assertFalse(Glob.match(p, 2, 5, s, 2, 6, false));
        assertTrue(Glob.match(b("a*"), b("abc")));
    }

    @Test
    void pathologicalPatternsFinishQuickly() {
        byte[] subject = b("a".repeat(20000));
        byte[] pattern = b("*a".repeat(5000) + "*b");
        byte[] stars = b("a*".repeat(100000) + "b");
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            assertFalse(Glob.match(pattern, subject, false));
            assertFalse(Glob.match(stars, subject, false));
            assertTrue(Glob.match(b("*a*a*a*a*a*a*a*a*a*a*a*a*a"), subject, false));
        });
    }
}
