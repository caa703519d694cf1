package io.redjay.persistence.rdb;

import io.redjay.support.RawClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds datasets on a real redis-server 7.0.15 and takes its snapshot and DUMP payloads, the fixtures the reader is
 * tested against. Replies are parsed from {@link RawClient}'s raw RESP (Latin-1, so binary bulk strings survive).
 */
final class RealRedisFixture {
    private RealRedisFixture() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The payload of a bulk-string reply, or null for a null bulk. */
    static byte[] bulk(String raw) {
        if (raw.startsWith("$-1")) {
            return null;
        }
        int nl = raw.indexOf("\r\n");
        int n = Integer.parseInt(raw.substring(1, nl));
        return bytes(raw.substring(nl + 2, nl + 2 + n));
    }

    /** The elements of a flat array of bulk strings. */
    static List<String> array(String raw) {
        List<String> out = new ArrayList<>();
        int nl = raw.indexOf("\r\n");
        int count = Integer.parseInt(raw.substring(1, nl));
        int p = nl + 2;
        for (int i = 0; i < count; i++) {
            int e = raw.indexOf("\r\n", p);
            int n = Integer.parseInt(raw.substring(p + 1, e));
            out.add(raw.substring(e + 2, e + 2 + n));
            p = e + 2 + n + 2;
        }
        return out;
    }

    static void ok(RawClient c, String... cmd) throws IOException {
        String r = c.call(cmd);
        if (r.startsWith("-")) {
            throw new IOException(String.join(" ", cmd) + ": " + r);
        }
    }

    /** SAVE, then the bytes of the dump file. */
    static byte[] save(RawClient c) throws IOException {
        ok(c, "SAVE");
        String dir = array(c.call("CONFIG", "GET", "dir")).get(1);
        String file = array(c.call("CONFIG", "GET", "dbfilename")).get(1);
        return Files.readAllBytes(Path.of(dir, file));
    }

    /**
     * A dataset with every type in whichever encodings the server's limits give: small and large collections,
     * integers, compressible and binary strings and keys, a 1 MB value, 100,000-member collections, TTLs, and keys
     * in databases 0, 1 and 5 and one in each of the other 13. Returns the keys of database 0 that have no TTL (for
     * DUMP).
     */
    static List<byte[]> populate(RawClient c, long seed) throws IOException {
        Random r = new Random(seed);
        List<byte[]> keys = new ArrayList<>();
        c.command(bytes("SET"), bytes("int:small"), bytes("12"));
        c.command(bytes("SET"), bytes("int:neg"), bytes("-30000"));
        c.command(bytes("SET"), bytes("int:32"), bytes("2000000000"));
        c.command(bytes("SET"), bytes("int:64"), bytes("9000000000000000000"));
        c.command(bytes("SET"), bytes("str:compressible"), bytes("abc".repeat(5000)));
        byte[] bin = new byte[3000];
        r.nextBytes(bin);
        byte[] binKey = {0, 1, '\r', '\n', (byte) 0xff, 'k'};
        c.command(bytes("SET"), binKey, bin);
        byte[] mb = new byte[1 << 20];
        for (int i = 0; i < mb.length; i++) {
            mb[i] = (byte) ('a' + (i * 7 + i / 1000) % 26);
        }
        c.command(bytes("SET"), bytes("str:1mb"), mb);
        c.command(bytes("SET"), bytes("str:empty"), new byte[0]);
        for (int i = 0; i < 8; i++) {
            c.readReply();
        }
        keys.add(bytes("int:small"));
        keys.add(bytes("int:neg"));
        keys.add(bytes("int:32"));
        keys.add(bytes("int:64"));
        keys.add(bytes("str:compressible"));
        keys.add(binKey);
        keys.add(bytes("str:empty"));
        for (int size : new int[] {3, 200}) {
            String[] lpush = new String[size + 2];
            String[] sadd = new String[size + 2];
            String[] saddInt = new String[size + 2];
            String[] zadd = new String[2 * size + 2];
            String[] hset = new String[2 * size + 2];
            lpush[0] = "RPUSH";
            lpush[1] = "list:" + size;
            sadd[0] = "SADD";
            sadd[1] = "set:" + size;
            saddInt[0] = "SADD";
            saddInt[1] = "intset:" + size;
            zadd[0] = "ZADD";
            zadd[1] = "zset:" + size;
            hset[0] = "HSET";
            hset[1] = "hash:" + size;
            for (int i = 0; i < size; i++) {
                lpush[i + 2] = i % 3 == 0 ? Integer.toString(i * 1_000_003 - 5) : "elem-" + i;
                sadd[i + 2] = "m" + i;
                saddInt[i + 2] = Long.toString((long) i * 1_000_000_007L - 42);
                zadd[2 * i + 2] = i % 4 == 0 ? Double.toString(r.nextGaussian() * 1e6) : Integer.toString(i - 50);
                zadd[2 * i + 3] = "z" + i;
                hset[2 * i + 2] = "f" + i;
                hset[2 * i + 3] = i % 2 == 0 ? Integer.toString(i) : "value-" + i;
            }
            for (String[] cmd : new String[][] {lpush, sadd, saddInt, zadd, hset}) {
                ok(c, cmd);
                keys.add(bytes(cmd[1]));
            }
        }
        ok(c, "ZADD", "zset:inf", "inf", "a", "-inf", "b", "0", "c");
        keys.add(bytes("zset:inf"));
        ok(c, "HSET", "hash:long", "f", "x".repeat(100));
        keys.add(bytes("hash:long"));
        ok(c, "RPUSH", "list:long", "y".repeat(10_000), "short");
        keys.add(bytes("list:long"));
        ok(c, "EVAL", "for i=1,100000 do redis.call('RPUSH',KEYS[1],i) end", "1", "big:list");
        ok(c, "EVAL", "for i=1,100000 do redis.call('SADD',KEYS[1],'s'..i) end", "1", "big:set");
        ok(c, "EVAL", "for i=1,100000 do redis.call('ZADD',KEYS[1],i/3,'z'..i) end", "1", "big:zset");
        ok(c, "EVAL", "for i=1,100000 do redis.call('HSET',KEYS[1],'f'..i,i) end", "1", "big:hash");
        ok(c, "SET", "ttl:string", "v", "PX", "86400000");
        ok(c, "RPUSH", "ttl:list", "a", "b");
        ok(c, "EXPIRE", "ttl:list", "100000");
        ok(c, "SELECT", "1");
        ok(c, "SET", "db1:key", "one");
        ok(c, "HSET", "db1:hash", "a", "1");
        ok(c, "PEXPIRE", "db1:hash", "5000000");
        ok(c, "SELECT", "5");
        ok(c, "SADD", "db5:set", "1", "2", "3");
        for (int i = 2; i < 16; i++) {
            ok(c, "SELECT", Integer.toString(i));
            ok(c, "SET", "in-db:" + i, "value of db " + i);
        }
        ok(c, "SELECT", "0");
        return keys;
    }
}
