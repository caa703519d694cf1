package io.redjay.keyspace;

/**
 * Keyspace event classes, the letters of {@code notify-keyspace-events}: g generic, $ string, l list, s set, h hash,
 * z sorted set, x expired, e evicted, t stream, m key miss, d module, n new key.
 */
public final class Events {
    private Events() {
    }

    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 12;
    public static final int NEW = 1 << 13;
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** Parses the flag string of {@code notify-keyspace-events}; -1 for an unknown letter. */
    public static int parse(String flags) {
        int v = 0;
        for (char c : flags.toCharArray()) {
            switch (c) {
                case 'A' -> v |= ALL;
                case 'g' -> v |= GENERIC;
                case '$' -> v |= STRING;
                case 'l' -> v |= LIST;
                case 's' -> v |= SET;
                case 'h' -> v |= HASH;
                case 'z' -> v |= ZSET;
                case 'x' -> v |= EXPIRED;
                case 'e' -> v |= EVICTED;
                case 'K' -> v |= KEYSPACE;
                case 'E' -> v |= KEYEVENT;
                case 't' -> v |= STREAM;
                case 'm' -> v |= KEY_MISS;
                case 'd' -> v |= MODULE;
                case 'n' -> v |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return v;
    }

    /** Formats flags back the way Redis's CONFIG GET prints them. */
    public static String format(int v) {
        StringBuilder sb = new StringBuilder();
        if ((v & ALL) == ALL) {
            sb.append('A');
        } else {
            if ((v & GENERIC) != 0) sb.append('g');
            if ((v & STRING) != 0) sb.append('$');
            if ((v & LIST) != 0) sb.append('l');
            if ((v & SET) != 0) sb.append('s');
            if ((v & HASH) != 0) sb.append('h');
            if ((v & ZSET) != 0) sb.append('z');
            if ((v & EXPIRED) != 0) sb.append('x');
            if ((v & EVICTED) != 0) sb.append('e');
            if ((v & STREAM) != 0) sb.append('t');
            if ((v & MODULE) != 0) sb.append('d');
        }
        if ((v & KEYSPACE) != 0) sb.append('K');
        if ((v & KEYEVENT) != 0) sb.append('E');
        if ((v & KEY_MISS) != 0) sb.append('m');
        if ((v & NEW) != 0) sb.append('n');
        return sb.toString();
    }
}
