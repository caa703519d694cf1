package io.redjay.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Looser views of a raw RESP reply for the script lines that cannot be compared byte for byte: its type (for
 * nondeterministic values such as TIME) and an order-free canonical form (for KEYS, SCAN and other replies whose
 * element order is an implementation detail of the hash table).
 */
public final class Replies {
    private Replies() {
    }

    /** The type byte, with nulls told apart: {@code $-1} and {@code $5...} are different shapes. */
    static String shape(String raw) {
        if (raw.isEmpty()) {
            return "";
        }
        if (raw.startsWith("$-1\r\n") || raw.startsWith("*-1\r\n") || raw.startsWith("_\r\n")) {
            return "null";
        }
        return raw.substring(0, 1);
    }

    /** The reply with every aggregate's elements (map entries as pairs) sorted, recursively. */
    static String sorted(String raw) {
        int[] pos = {0};
        String canonical = canonical(raw, pos);
        return pos[0] == raw.length() ? canonical : raw;
    }

    private static String canonical(String s, int[] pos) {
        int end = s.indexOf("\r\n", pos[0]);
        if (end < 0) {
            pos[0] = s.length();
            return s;
        }
        String header = s.substring(pos[0], end + 2);
        char type = header.charAt(0);
        pos[0] = end + 2;
        switch (type) {
            case '$', '=', '!' -> {
                long n = Long.parseLong(header.substring(1, header.length() - 2));
                if (n < 0) {
                    return header;
                }
                int bodyEnd = (int) Math.min(s.length(), pos[0] + n + 2);
                String body = s.substring(pos[0], bodyEnd);
                pos[0] = bodyEnd;
                return header + body;
            }
            case '*', '~', '>', '%', '|' -> {
                long n = Long.parseLong(header.substring(1, header.length() - 2));
                if (n < 0) {
                    return header;
                }
                int perItem = type == '%' || type == '|' ? 2 : 1;
                List<String> items = new ArrayList<>();
                for (long i = 0; i < n && pos[0] < s.length(); i++) {
                    StringBuilder item = new StringBuilder();
                    for (int k = 0; k < perItem; k++) {
                        item.append(canonical(s, pos));
                    }
                    items.add(item.toString());
                }
                Collections.sort(items);
                return header + String.join("", items);
            }
            default -> {
                return header;
            }
        }
    }

    /** A reply made readable on one line: CR/LF and other control bytes escaped, long replies cut. */
    public static String display(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length() && sb.length() < 300; i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (sb.length() >= 300) {
            sb.append("... (").append(raw.length()).append(" bytes)");
        }
        return sb.toString();
    }
}
