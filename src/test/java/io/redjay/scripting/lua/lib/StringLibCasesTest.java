package io.redjay.scripting.lua.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redjay.scripting.lua.Lua;
import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaNumbers;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.scripting.lua.LuaTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The string library against what Redis's own Lua answered, case by case. Each line of {@code stringlib-cases.txt}
 * is a call written in Lua syntax ({@code find('hello', 'l+')}) and the rendering of what
 * {@code pcall(function() return string.find('hello', 'l+') end)} gave in Redis 7.0.15. The arguments are read here
 * by a small parser of Lua literals (strings with escapes, numbers, {@code nil}, booleans, {@code {}},
 * divisions such as {@code 1/3} and the specials {@code 1/0}, {@code 0/0}, {@code rep(s, n)} and {@code ..}), the function is called through
 * {@link LuaState#call} and its results rendered the same way, so the whole table checks in one pass what would
 * otherwise be hundreds of hand-written assertions.
 */
class StringLibCasesTest {
    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L); // x86's 0/0

    @TestFactory
    Stream<DynamicTest> casesAgreeWithRedis() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                StringLibCasesTest.class.getResourceAsStream("stringlib-cases.txt"), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int arrow = line.indexOf(" => ");
                String call = line.substring(0, arrow);
                String expected = line.substring(arrow + 4);
                tests.add(DynamicTest.dynamicTest(call, () -> assertEquals(expected, run(call), call)));
            }
        }
        return tests.stream();
    }

    private final LuaState L = new LuaState();
    private final LuaTable string = StringLib.install(L);

    private String run(String call) {
        int open = call.indexOf('(');
        String fn = call.substring(0, open);
        Object[] args = new ArgParser(call.substring(open + 1, call.length() - 1)).args();
        try {
            if (fn.endsWith("all")) {
                Object iterator = Lua.first(L.call(string.rawget(fn.substring(0, fn.length() - 3)), args));
                List<String> steps = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Object[] r = L.call(iterator, Lua.NONE);
                    if (r.length == 0) {
                        break;
                    }
                    steps.add(render(r));
                }
                return "iter: " + String.join(" | ", steps);
            }
            return render(L.call(string.rawget(fn), args));
        } catch (LuaError e) {
            return "error: " + escape(((LuaString) e.value()).bytes());
        }
    }

    private static String render(Object[] values) {
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof LuaString s) {
                parts.add("\"" + escape(s.bytes()) + "\"");
            } else if (v instanceof Double d) {
                parts.add(LuaNumbers.toString(d));
            } else if (v == null || v instanceof Boolean) {
                parts.add(String.valueOf(v == null ? "nil" : v));
            } else {
                parts.add(Lua.typeName(v));
            }
        }
        return String.join(", ", parts);
    }

    private static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 32 || c >= 127 || c == '\\') {
                sb.append(String.format("\\%03d", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Reads a comma-separated list of Lua literal expressions. */
    private static final class ArgParser {
        private final String text;
        private int pos;

        ArgParser(String text) {
            this.text = text;
        }

        Object[] args() {
            List<Object> out = new ArrayList<>();
            skipSpace();
            while (pos < text.length()) {
                out.add(expression());
                skipSpace();
                if (pos < text.length()) {
                    expect(',');
                }
            }
            return out.toArray();
        }

        private Object expression() {
            Object v = term();
            skipSpace();
            while (text.startsWith("..", pos)) {
                pos += 2;
                v = ((LuaString) v).concat((LuaString) term());
                skipSpace();
            }
            return v;
        }

        private Object term() {
            skipSpace();
            for (String[] special : new String[][] {{"-(0/0)", "nan"}, {"0/0", "-nan"}, {"-1/0", "-inf"},
                    {"1/0", "inf"}, {"nil", null}, {"true", "t"}, {"false", "f"}, {"{}", "table"}}) {
                if (text.startsWith(special[0], pos)) {
                    pos += special[0].length();
                    if (special[1] == null) {
                        return null;
                    }
                    return switch (special[1]) {
                        case "nan" -> Double.NaN;
                        case "-nan" -> NEGATIVE_NAN;
                        case "-inf" -> Double.NEGATIVE_INFINITY;
                        case "inf" -> Double.POSITIVE_INFINITY;
                        case "t" -> Boolean.TRUE;
                        case "f" -> Boolean.FALSE;
                        default -> new LuaTable();
                    };
                }
            }
            if (text.startsWith("rep(", pos)) {
                pos += 4;
                LuaString s = (LuaString) expression();
                expect(',');
                skipSpace();
                int n = (int) number();
                expect(')');
                return LuaString.wrap(s.toString().repeat(n).getBytes(StandardCharsets.ISO_8859_1));
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return string(c);
            }
            double n = number();
            if (pos < text.length() && text.charAt(pos) == '/') {
                pos++;
                n /= number();
            }
            return n;
        }

        private double number() {
            int start = pos;
            while (pos < text.length() && "0123456789.-+xXabcdefABCDEF".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            return LuaNumbers.parse(LuaString.of(text.substring(start, pos)));
        }

        private LuaString string(char quote) {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (text.charAt(pos) != quote) {
                char c = text.charAt(pos++);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'v' -> sb.append('\u000b');
                    case 'f' -> sb.append('\f');
                    default -> {
                        if (Character.isDigit(e)) {
                            int v = e - '0';
                            for (int k = 0; k < 2 && Character.isDigit(text.charAt(pos)); k++) {
                                v = v * 10 + text.charAt(pos++) - '0';
                            }
                            sb.append((char) v);
                        } else {
                            sb.append(e);
                        }
                    }
                }
            }
            pos++;
            return LuaString.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        private void expect(char c) {
            skipSpace();
            if (text.charAt(pos) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + pos + " in " + text);
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
