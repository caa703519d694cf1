package io.redjay.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random commands covering every write command of every implemented type, for the replay test: TTLs (relative
 * and absolute, some in the past), transactions (with queueing errors, DISCARD and WATCH), several databases, and
 * reads that meet expired keys. Keys come from one small pool per type, with a few picks across types so wrong-type
 * errors happen too. Arguments never contain spaces.
 */
final class RandomWorkload {
    private final Random rnd;
    private final long startMillis;

    RandomWorkload(long seed, long startMillis) {
        this.rnd = new Random(seed);
        this.startMillis = startMillis;
    }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private String key(char type) {
        if (rnd.nextInt(12) == 0) {
            type = "sltzh".charAt(rnd.nextInt(5));
        }
        return type + Integer.toString(rnd.nextInt(5));
    }

    private String value() {
        return switch (rnd.nextInt(4)) {
            case 0 -> Integer.toString(rnd.nextInt(100));
            case 1 -> "v" + rnd.nextInt(20);
            case 2 -> Integer.toString(rnd.nextInt(1000) - 500);
            default -> "x".repeat(1 + rnd.nextInt(80));
        };
    }

    private String num(int bound) {
        return Integer.toString(rnd.nextInt(bound));
    }

    /** A TTL long enough to outlive the test in real time; the origin's manual clock may still pass it. */
    private String seconds() {
        return Integer.toString(3600 + rnd.nextInt(7200));
    }

    private String millis() {
        return Long.toString(3_600_000L + rnd.nextInt(7_200_000));
    }

    /** An absolute time in ms relative to the origin's clock {@code now}; sometimes already past. */
    private String atMillis(long now) {
        return Long.toString(rnd.nextInt(10) == 0 ? now - 1000 : now + Long.parseLong(millis()));
    }

    String[] command(long now) {
        String c = pick("s", "s", "s", "l", "l", "t", "t", "h", "h", "z", "z", "k", "k", "x");
        return switch (c) {
            case "s" -> string(now);
            case "l" -> list();
            case "t" -> set();
            case "h" -> hash();
            case "z" -> zset();
            case "k" -> keys(now);
            default -> other();
        };
    }

    private String[] string(long now) {
        String k = key('s');
        return switch (rnd.nextInt(25)) {
            case 0 -> new String[] {"SET", k, value()};
            case 1 -> new String[] {"SET", k, value(), "EX", seconds()};
            case 2 -> new String[] {"SET", k, value(), "PX", millis(), pick("NX", "XX", "GET")};
            case 3 -> new String[] {"SET", k, value(), "KEEPTTL"};
            case 4 -> rnd.nextBoolean()
                    ? new String[] {"SET", k, value(), "EXAT", Long.toString(Long.parseLong(atMillis(now)) / 1000)}
                    : new String[] {"SET", k, value(), "PXAT", atMillis(now)};
            case 5 -> new String[] {"SETEX", k, seconds(), value()};
            case 6 -> new String[] {"PSETEX", k, millis(), value()};
            case 7 -> new String[] {"SETNX", k, value()};
            case 8 -> new String[] {"GETSET", k, value()};
            case 9 -> new String[] {"GETDEL", k};
            case 10 -> getex(k, now);
            case 11 -> new String[] {"APPEND", k, value()};
            case 12 -> new String[] {"SETRANGE", k, num(40), pick("", "ab", "zzz")};
            case 13 -> new String[] {"INCR", k};
            case 14 -> new String[] {"INCRBY", k, num(1000)};
            case 15 -> new String[] {"DECRBY", k, num(100)};
            case 16 -> new String[] {"INCRBYFLOAT", k, pick("1.5", "-0.25", "3", "1e2")};
            case 17 -> new String[] {"MSET", k, value(), key('s'), value()};
            case 18 -> new String[] {"MSETNX", k, value(), key('s'), value()};
            case 19 -> new String[] {"SETBIT", k, num(64), pick("0", "1")};
            case 20 -> new String[] {"BITOP", pick("AND", "OR", "XOR"), k, key('s'), key('s')};
            case 21 -> new String[] {"BITOP", "NOT", k, key('s')};
            case 22 -> new String[] {"BITFIELD", k, "SET", "u8", num(32), num(256), "INCRBY", "i5", num(16), "7"};
            case 23 -> new String[] {"BITFIELD", k, "OVERFLOW", pick("FAIL", "SAT", "WRAP"), "INCRBY", "u4", "0", "9"};
            default -> new String[] {"GET", k};
        };
    }

    private String[] getex(String k, long now) {
        return switch (rnd.nextInt(5)) {
            case 0 -> new String[] {"GETEX", k, "EX", seconds()};
            case 1 -> new String[] {"GETEX", k, "PX", millis()};
            case 2 -> new String[] {"GETEX", k, "PXAT", atMillis(now)};
            case 3 -> new String[] {"GETEX", k, "PERSIST"};
            default -> new String[] {"GETEX", k};
        };
    }

    private String[] list() {
        String k = key('l');
        return switch (rnd.nextInt(18)) {
            case 0, 1 -> new String[] {"LPUSH", k, value(), value()};
            case 16 -> new String[] {"BLMOVE", k, key('l'), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT"), "0.01"};
            case 17 -> new String[] {"BRPOPLPUSH", k, key('l'), "0.01"};
            case 2 -> new String[] {"RPUSH", k, value()};
            case 3 -> new String[] {"LPUSHX", k, value()};
            case 4 -> new String[] {"RPUSHX", k, value()};
            case 5 -> new String[] {"LPOP", k};
            case 6 -> new String[] {"RPOP", k, num(4)};
            case 7 -> new String[] {"LMOVE", k, key('l'), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT")};
            case 8 -> new String[] {"RPOPLPUSH", k, key('l')};
            case 9 -> new String[] {"LREM", k, num(3), value()};
            case 10 -> new String[] {"LTRIM", k, num(3), Integer.toString(rnd.nextInt(8) - 2)};
            case 11 -> new String[] {"LSET", k, num(3), value()};
            case 12 -> new String[] {"LINSERT", k, pick("BEFORE", "AFTER"), value(), value()};
            case 13 -> new String[] {"LMPOP", "2", k, key('l'), pick("LEFT", "RIGHT"), "COUNT", "2"};
            case 14 -> new String[] {"BLPOP", k, key('l'), "0.01"};
            default -> new String[] {"LRANGE", k, "0", "-1"};
        };
    }

    private String[] set() {
        String k = key('t');
        return switch (rnd.nextInt(11)) {
            case 0, 1 -> new String[] {"SADD", k, value(), value(), num(5)};
            case 2 -> new String[] {"SREM", k, value(), num(5)};
            case 3 -> new String[] {"SPOP", k};
            case 4 -> new String[] {"SPOP", k, num(4)};
            case 5 -> new String[] {"SMOVE", k, key('t'), num(5)};
            case 6 -> new String[] {"SINTERSTORE", k, key('t'), key('t')};
            case 7 -> new String[] {"SUNIONSTORE", k, key('t'), key('t')};
            case 8 -> new String[] {"SDIFFSTORE", k, key('t'), key('t')};
            case 9 -> new String[] {"SADD", k, "1", "2", "3", "4", "5", "6", "7", "8"};
            default -> new String[] {"SMEMBERS", k};
        };
    }

    private String[] hash() {
        String k = key('h');
        return switch (rnd.nextInt(8)) {
            case 0, 1 -> new String[] {"HSET", k, "f" + num(6), value(), "f" + num(6), value()};
            case 2 -> new String[] {"HSETNX", k, "f" + num(6), value()};
            case 3 -> new String[] {"HDEL", k, "f" + num(6), "f" + num(6)};
            case 4 -> new String[] {"HINCRBY", k, "n" + num(3), num(50)};
            case 5 -> new String[] {"HINCRBYFLOAT", k, "n" + num(3), pick("0.5", "-1.25", "10")};
            case 6 -> new String[] {"HMSET", k, "f" + num(6), value()};
            default -> new String[] {"HGETALL", k};
        };
    }

    private String[] zset() {
        String k = key('z');
        return switch (rnd.nextInt(17)) {
            case 0, 1 -> new String[] {"ZADD", k, num(100), "m" + num(8), num(100), "m" + num(8)};
            case 15 -> new String[] {"ZDIFFSTORE", k, "2", key('z'), key('z')};
            case 16 -> new String[] {"ZREMRANGEBYLEX", k, pick("-", "[m2"), pick("+", "(m6")};
            case 2 -> new String[] {"ZADD", k, pick("NX", "XX", "GT", "LT", "CH"), num(100), "m" + num(8)};
            case 3 -> new String[] {"ZADD", k, "INCR", num(10), "m" + num(8)};
            case 4 -> new String[] {"ZINCRBY", k, pick("1", "-2.5"), "m" + num(8)};
            case 5 -> new String[] {"ZREM", k, "m" + num(8), "m" + num(8)};
            case 6 -> new String[] {"ZREMRANGEBYSCORE", k, num(50), Integer.toString(50 + rnd.nextInt(50))};
            case 7 -> new String[] {"ZREMRANGEBYRANK", k, "0", num(2)};
            case 8 -> new String[] {"ZPOPMIN", k};
            case 9 -> new String[] {"ZPOPMAX", k, num(3)};
            case 10 -> new String[] {"ZUNIONSTORE", k, "2", key('z'), key('z')};
            case 11 -> new String[] {"ZINTERSTORE", k, "2", key('z'), key('z'), "AGGREGATE", pick("MIN", "MAX")};
            case 12 -> new String[] {"ZRANGESTORE", k, key('z'), "0", num(4)};
            case 13 -> new String[] {"ZMPOP", "1", k, pick("MIN", "MAX"), "COUNT", num(3)};
            default -> new String[] {"BZPOPMIN", k, "0.01"};
        };
    }

    private String[] keys(long now) {
        String k = key("sltzh".charAt(rnd.nextInt(5)));
        return switch (rnd.nextInt(16)) {
            case 0 -> new String[] {"DEL", k, key('s')};
            case 1 -> new String[] {"UNLINK", k};
            case 2 -> new String[] {"EXPIRE", k, seconds()};
            case 3 -> new String[] {"PEXPIRE", k, millis(), pick("NX", "XX", "GT", "LT")};
            case 4 -> new String[] {"EXPIREAT", k, Long.toString(Long.parseLong(atMillis(now)) / 1000)};
            case 5 -> new String[] {"PEXPIREAT", k, atMillis(now)};
            case 6 -> new String[] {"PERSIST", k};
            case 7 -> new String[] {"RENAME", k, key(k.charAt(0))};
            case 8 -> new String[] {"RENAMENX", k, key(k.charAt(0))};
            case 9 -> new String[] {"MOVE", k, num(3)};
            case 10 -> rnd.nextBoolean() ? new String[] {"COPY", k, key(k.charAt(0)), "REPLACE"}
                    : new String[] {"COPY", k, key(k.charAt(0)), "DB", num(3)};
            case 11 -> rnd.nextBoolean() ? new String[] {"SORT", key('l'), "ALPHA", "STORE", key('l')}
                    : new String[] {"SORT", key('t'), "BY", "nosort", "GET", "#", "GET", "h0->f1", "STORE", key('l')};
            case 12 -> new String[] {"EXPIRE", k, "-1"};
            case 13 -> new String[] {"EXISTS", k, key('s')};
            case 14 -> new String[] {"TYPE", k};
            default -> new String[] {"TTL", k};
        };
    }

    private String[] other() {
        return switch (rnd.nextInt(40)) {
            case 0 -> new String[] {"FLUSHDB"};
            case 1 -> new String[] {"SWAPDB", num(3), num(3)};
            default -> new String[] {"SELECT", num(3)};
        };
    }

    /** A MULTI block: 1-5 commands, sometimes one with a wrong argument count (EXECABORT), sometimes DISCARDed. */
    List<String[]> transaction(long now) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"MULTI"});
        int n = 1 + rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            out.add(command(now));
        }
        if (rnd.nextInt(10) == 0) {
            out.add(new String[] {"GET"});
        }
        out.add(new String[] {rnd.nextInt(10) == 0 ? "DISCARD" : "EXEC"});
        return out;
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    long startMillis() {
        return startMillis;
    }
}
