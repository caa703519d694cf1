package io.redjay.protocol;

/**
 * Bytes quoted as Redis's {@code sdscatrepr} quotes them, for MONITOR lines and log lines that show raw protocol:
 * printable ASCII as is, C escapes for quotes, backslashes and the usual controls, {@code \xNN} for the rest.
 */
public final class Repr {
    private Repr() {
    }

    /** The escaped bytes, without the surrounding quotes. */
    public static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 8);
        for (byte x : b) {
            int ch = x & 0xff;
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (ch >= 32 && ch < 127) {
                        sb.append((char) ch);
                    } else {
                        sb.append(String.format("\\x%02x", ch));
                    }
                }
            }
        }
        return sb.toString();
    }
}
