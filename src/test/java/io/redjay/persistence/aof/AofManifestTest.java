package io.redjay.persistence.aof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The manifest as Redis 7.0 reads and writes it: round trips, every refusal with Redis's words and line number,
 * and the naming and numbering of files across rewrites.
 */
class AofManifestTest {
    private static final String AF = "appendonly.aof";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static AofManifest parse(String s) throws AofManifestException {
        return AofManifest.parse(AF, b(s));
    }

    private static AofManifestException refused(String content) {
        return assertThrows(AofManifestException.class, () -> parse(content));
    }

    @Test
    void aTypicalManifestRoundTripsAndSetsTheCounters() throws Exception {
        String text = "file appendonly.aof.2.base.rdb seq 2 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type h\n"
                + "file appendonly.aof.4.incr.aof seq 4 type i\n"
                + "file appendonly.aof.5.incr.aof seq 5 type i\n";
        AofManifest m = parse(text);
        assertArrayEquals(b(text), m.format());
        assertEquals(new AofFile("appendonly.aof.2.base.rdb", 2, AofFile.Type.BASE), m.base());
        assertEquals(List.of("appendonly.aof.1.incr.aof", "appendonly.aof.2.incr.aof"),
                m.history().stream().map(AofFile::name).toList());
        assertEquals(List.of(4L, 5L), m.incrs().stream().map(AofFile::seq).toList());
        assertEquals(2, m.currentBaseSeq());
        assertEquals(5, m.currentIncrSeq());
        assertEquals("appendonly.aof.5.incr.aof", m.lastIncrName());
        assertFalse(m.dirty());
    }

    @Test
    void formatPutsBaseFirstThenHistoryThenIncrsWhateverTheInputOrder() throws Exception {
        AofManifest m = parse("file x.1.incr.aof seq 1 type i\nfile old seq 7 type h\nfile x.3.base.aof seq 3 type b\n");
        assertEquals("file x.3.base.aof seq 3 type b\nfile old seq 7 type h\nfile x.1.incr.aof seq 1 type i\n",
                new String(m.format(), StandardCharsets.US_ASCII));
    }

    @Test
    void readingIsLenientWhereRedisIs() throws Exception {
        AofManifest m = parse("# a comment\n"
                + "  FILE  'a.aof.1.base.rdb'\tSeq 1 TYPE base extra value  \r\n"
                + "file \"b \\x41\\n\" seq +2 type i\n"
                + "#last comment without newline");
        assertEquals("a.aof.1.base.rdb", m.base().name());
        assertEquals("b A\n", m.incrs().get(0).name());
        assertEquals(2, m.incrs().get(0).seq());
        assertEquals("file a.aof.1.base.rdb seq 1 type b\nfile \"b A\\n\" seq 2 type i\n",
                new String(m.format(), StandardCharsets.US_ASCII));
    }

    @Test
    void namesThatNeedItAreQuotedAsSdscatreprDoes() throws Exception {
        AofManifest m = AofManifest.empty("a \"q\t\u00e9\\\u0007\b\r\u0001.aof");
        m.newBaseName(true);
        String expected = "file \"a \\\"q\\t\\xc3\\xa9\\\\\\a\\b\\r\\x01.aof.1.base.rdb\" seq 1 type b\n";
        assertEquals(expected, new String(m.format(), StandardCharsets.US_ASCII));
        AofManifest noBackslash = AofManifest.empty("a \"q\t\u00e9\u0007\b\r\u0001.aof");
        noBackslash.newBaseName(true);
        assertEquals(noBackslash.base(), AofManifest.parse("ignored", noBackslash.format()).base());
    }

    @Test
    void negativeBaseAndHistorySequencesAreAccepted() throws Exception {
        AofManifest m = parse("file a seq -3 type b\nfile h seq -1 type h\n");
        assertEquals(-3, m.currentBaseSeq());
        assertEquals("appendonly.aof.-2.base.aof", m.newBaseName(false));
    }

    @Test
    void anEmptyFileIsRefusedWithoutALine() {
        AofManifestException e = refused("");
        assertEquals("Found an empty AOF manifest", e.getMessage());
        assertEquals(0, e.lineNumber());
        assertNull(e.line());
        assertEquals(List.of("\n*** FATAL AOF MANIFEST FILE ERROR ***\n", "Found an empty AOF manifest\n"),
                e.logMessages());
    }

    @Test
    void onlyCommentsIsAnEmptyManifestNotAnError() throws Exception {
        AofManifest m = parse("# nothing\n");
        assertNull(m.base());
        assertTrue(m.incrs().isEmpty());
    }

    @Test
    void aMissingFinalNewlineIsATooLongLine() {
        AofManifestException e = refused("file a seq 1 type b\nfile b seq 1 type i");
        assertEquals("The AOF manifest file contains too long line", e.getMessage());
        assertNull(e.line());
    }

    @Test
    void aLineOfMoreThan1024BytesIsTooLongAndOneOf1024Fits() throws Exception {
        String name = "n".repeat(1024 - "file  seq 1 type b\n".length());
        assertEquals(name, parse("file " + name + " seq 1 type b\n").base().name());
        assertEquals("The AOF manifest file contains too long line",
                refused("file " + name + "x seq 1 type b\n").getMessage());
    }

    @Test
    void aLongCommentIsReadInPiecesAndItsTailIsALineOfItsOwn() {
        AofManifestException e = refused("#" + "c".repeat(1023) + "tail\n");
        assertEquals("Invalid AOF manifest file format", e.getMessage());
        assertEquals(2, e.lineNumber());
        assertEquals("tail", e.line());
    }

    @Test
    void aNulByteHidesTheNewline() {
        assertEquals("The AOF manifest file contains too long line",
                refused("file a\0 seq 1 type b\n").getMessage());
    }

    @Test
    void malformedLinesAreInvalidFormatWithTheirNumberAndText() {
        String[] bad = {
            "   \r\n", "file a seq 1 type\n", "file a seq 1 type b x\n", "file a seq 1\n",
            "file \"a seq 1 type b\n", "file \"a\"b seq 1 type b\n", "file 'a seq 1 type b\n",
            "file a seq 0 type b\n", "file a seq x type b\n", "file a seq 1 type \"\"\n",
            "name a seq 1 type b\n", "file a sequence 1 type b\n",
        };
        for (String line : bad) {
            AofManifestException e = refused("# header\n" + line);
            assertEquals("Invalid AOF manifest file format", e.getMessage(), line);
            assertEquals(2, e.lineNumber(), line);
            assertEquals(line.trim(), e.line(), line);
        }
        AofManifestException e = refused("file a seq 1 type b\n\n");
        assertEquals(List.of("\n*** FATAL AOF MANIFEST FILE ERROR ***\n", "Reading the manifest file, at line 2\n",
                ">>> ''\n", "Invalid AOF manifest file format\n"), e.logMessages());
    }

    @Test
    void theOtherRefusalsCarryRedisWords() {
        assertLineError("File can't be a path, just a filename", 1, "file dir/a seq 1 type b\n");
        assertLineError("File can't be a path, just a filename", 1, "file a\\b seq 1 type b\n");
        assertLineError("Found duplicate base file information", 2, "file a seq 1 type b\nfile b seq 2 type b\n");
        assertLineError("Found a non-monotonic sequence number", 2, "file a seq 2 type i\nfile b seq 2 type i\n");
        assertLineError("Found a non-monotonic sequence number", 1, "file a seq -1 type i\n");
        assertLineError("Unknown AOF file type", 1, "file a seq 1 type x\n");
        assertLineError("Unknown AOF file type", 1, "file a seq 1 type B\n");
    }

    private static void assertLineError(String reason, int lineNumber, String content) {
        AofManifestException e = refused(content);
        assertEquals(reason, e.getMessage(), content);
        assertEquals(lineNumber, e.lineNumber(), content);
    }

    @Test
    void aRewriteWithAofOnNamesFilesAsRedisDoes() throws Exception {
        AofManifest m = AofManifest.empty(AF);
        assertEquals("appendonly.aof.1.base.rdb", m.newBaseName(true));
        assertEquals("appendonly.aof.1.incr.aof", m.lastIncrName());
        assertEquals("appendonly.aof.1.incr.aof", m.lastIncrName());
        assertTrue(m.dirty());
        m.markPersisted();
        assertFalse(m.dirty());

        AofManifest next = m.copy();
        assertEquals("appendonly.aof.2.incr.aof", next.newIncrName());
        assertEquals("appendonly.aof.2.base.rdb", next.newBaseName(true));
        next.markRewrittenIncrsAsHistory(true);
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\n"
                + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.1.base.rdb seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n", new String(next.format(), StandardCharsets.US_ASCII));
        assertEquals(1, m.currentBaseSeq(), "the original is untouched");
        assertEquals(1, m.incrs().size());
        assertFalse(m.dirty());

        AofManifest reread = AofManifest.parse(AF, next.format());
        assertEquals("appendonly.aof.3.incr.aof", reread.newIncrName());
        assertEquals("appendonly.aof.3.base.aof", reread.newBaseName(false));
    }

    @Test
    void severalRewrittenIncrsJoinTheFrontOfTheHistoryInOrder() throws Exception {
        AofManifest m = parse("file b1 seq 1 type b\nfile h0 seq 9 type h\n"
                + "file i1 seq 1 type i\nfile i2 seq 2 type i\nfile i3 seq 3 type i\n");
        m.newBaseName(true);
        m.markRewrittenIncrsAsHistory(true);
        assertEquals(List.of("i1", "i2", "b1", "h0"), m.history().stream().map(AofFile::name).toList());
        assertTrue(m.history().stream().allMatch(f -> f.type() == AofFile.Type.HISTORY));
        assertEquals(List.of("i3"), m.incrs().stream().map(AofFile::name).toList());
        m.clearHistory();
        assertTrue(m.history().isEmpty());
    }

    @Test
    void withAofOffEveryIncrBecomesHistory() throws Exception {
        AofManifest m = parse("file b1 seq 1 type b\nfile i1 seq 1 type i\nfile i2 seq 2 type i\n");
        m.markPersisted();
        m.markRewrittenIncrsAsHistory(false);
        assertEquals(List.of("i1", "i2"), m.history().stream().map(AofFile::name).toList());
        assertTrue(m.incrs().isEmpty());
        assertTrue(m.dirty());
        assertEquals(2, m.currentIncrSeq());
        assertEquals("appendonly.aof.3.incr.aof", m.lastIncrName());
    }

    @Test
    void markingWithoutIncrsChangesNothing() {
        AofManifest m = AofManifest.empty(AF);
        m.markRewrittenIncrsAsHistory(true);
        assertFalse(m.dirty());
    }

    @Test
    void anOldStyleFileBecomesBaseOne() throws Exception {
        AofManifest m = AofManifest.empty(AF);
        m.adoptOldStyleFileAsBase();
        assertEquals("file appendonly.aof seq 1 type b\n", new String(m.format(), StandardCharsets.US_ASCII));
        assertEquals("appendonly.aof.2.base.rdb", m.newBaseName(true));
    }

    @Test
    void fileNamesFollowRedisConventions() {
        assertEquals("appendonly.aof.manifest", AofFileNames.manifest(AF));
        assertEquals("temp-appendonly.aof.manifest", AofFileNames.tempManifest(AofFileNames.manifest(AF)));
        assertEquals("temp-appendonly.aof.incr", AofFileNames.tempIncr(AF));
        assertEquals("appendonly.aof.12.base.aof", AofFileNames.base(AF, 12, false));
        assertEquals("appendonly.aof.3.incr.aof", AofFileNames.incr(AF, 3));
    }
}
