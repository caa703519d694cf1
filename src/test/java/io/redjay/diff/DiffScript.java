package io.redjay.diff;

import io.redjay.protocol.InlineSplitter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A differential test script: one command per line, quoted as redis-cli quotes ({@code "a b"}, {@code "\x00"},
 * {@code 'it\'s'}; parsed by the server's own {@link InlineSplitter}). Blank lines and {@code #} comments are skipped.
 * A line may start with a marker that loosens the comparison for replies that legitimately differ:
 * <ul>
 * <li>{@code ~ } compare only the reply's type (TIME, RANDOMKEY, PTTL, OBJECT IDLETIME);</li>
 * <li>{@code @ } compare ignoring element order in every array, set and map (KEYS, SCAN).</li>
 * </ul>
 */
final class DiffScript {
    enum Compare { EXACT, TYPE, UNORDERED }

    record Line(int number, String text, Compare compare, byte[][] args) {
    }

    private DiffScript() {
    }

    static List<Line> parse(InputStream in) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            int number = 0;
            while ((text = r.readLine()) != null) {
                number++;
                String command = text.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                Compare compare = Compare.EXACT;
                if (command.startsWith("~ ")) {
                    compare = Compare.TYPE;
                    command = command.substring(2);
                } else if (command.startsWith("@ ")) {
                    compare = Compare.UNORDERED;
                    command = command.substring(2);
                }
                List<byte[]> args = InlineSplitter.split(command.getBytes(StandardCharsets.UTF_8));
                if (args == null || args.isEmpty()) {
                    throw new IllegalArgumentException("line " + number + ": cannot parse: " + text);
                }
                lines.add(new Line(number, text, compare, args.toArray(new byte[0][])));
            }
        }
        return lines;
    }
}
