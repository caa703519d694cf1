package io.redjay.persistence.rdb;

import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.Numbers;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;

/**
 * Reads one value of a given RDB type and builds the Redjay value for it through the types' public API, so a loaded
 * value is the value a client building it command by command would get, in the encoding its size calls for under
 * the {@link EncodingLimits}. Redis's packed blobs (listpack, ziplist, intset, zipmap) are validated and decoded, never
 * adopted as they are.
 *
 * <p>What {@code sanitize-dump-payload yes} rejects is rejected here: duplicate members or fields, NaN scores, odd
 * pair counts, bad blob structure (a duplicate inside a packed blob is reported as that blob's integrity failure, as
 * Redis reports it). An empty collection yields null: a snapshot skips such a key, as Redis 7.0 does,
 * and a DUMP payload holding one is bad data.
 *
 * <p>Per-field TTLs of Redis 7.4 hashes are read and dropped: Redjay has no field expiry yet, so the fields load as
 * persistent ones.
 */
final class ValueDecoder {
    private final RdbInput in;
    private final EncodingLimits limits;

    ValueDecoder(RdbInput in, EncodingLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    static boolean isValueType(int type) {
        return (type >= RdbFormat.TYPE_STRING && type <= RdbFormat.TYPE_MODULE_2)
                || (type >= RdbFormat.TYPE_HASH_ZIPMAP && type <= RdbFormat.TYPE_HASH_LISTPACK_EX);
    }

    /** The value, or null for an empty collection. */
    Object read(int type) throws RdbException {
        return switch (type) {
            case RdbFormat.TYPE_STRING -> in.readString();
            case RdbFormat.TYPE_LIST -> readLinkedList();
            case RdbFormat.TYPE_LIST_ZIPLIST -> listOfBlob(in.readString(), false);
            case RdbFormat.TYPE_LIST_QUICKLIST -> readQuicklist(false);
            case RdbFormat.TYPE_LIST_QUICKLIST_2 -> readQuicklist(true);
            case RdbFormat.TYPE_SET -> readPlainSet();
            case RdbFormat.TYPE_SET_INTSET -> setOfBlob(true);
            case RdbFormat.TYPE_SET_LISTPACK -> setOfBlob(false);
            case RdbFormat.TYPE_ZSET -> readPlainZSet(false);
            case RdbFormat.TYPE_ZSET_2 -> readPlainZSet(true);
            case RdbFormat.TYPE_ZSET_ZIPLIST -> zsetOfBlob(false);
            case RdbFormat.TYPE_ZSET_LISTPACK -> zsetOfBlob(true);
            case RdbFormat.TYPE_HASH -> readPlainHash(false, false);
            case RdbFormat.TYPE_HASH_METADATA_PRE_GA -> readPlainHash(true, false);
            case RdbFormat.TYPE_HASH_METADATA -> readPlainHash(true, true);
            case RdbFormat.TYPE_HASH_ZIPMAP -> hashOfZipmap();
            case RdbFormat.TYPE_HASH_ZIPLIST -> hashOfBlob(false, 2, "Hash ziplist integrity check failed.");
            case RdbFormat.TYPE_HASH_LISTPACK -> hashOfBlob(true, 2, "Hash listpack integrity check failed.");
            case RdbFormat.TYPE_HASH_LISTPACK_EX_PRE_GA -> hashOfBlob(true, 3, "Hash listpack integrity check failed.");
            case RdbFormat.TYPE_HASH_LISTPACK_EX -> {
                in.readLittleEndian(8);
                yield hashOfBlob(true, 3, "Hash listpack integrity check failed.");
            }
            default -> throw new RdbException(unsupported(type));
        };
    }

    static String unsupported(int type) {
        return switch (type) {
            case RdbFormat.TYPE_MODULE, RdbFormat.TYPE_MODULE_2 ->
                    "module values are not supported (RDB type " + type + ")";
            case RdbFormat.TYPE_STREAM_LISTPACKS, RdbFormat.TYPE_STREAM_LISTPACKS_2,
                    RdbFormat.TYPE_STREAM_LISTPACKS_3 -> "streams are not supported yet (RDB type " + type + ")";
            default -> "Unknown RDB encoding type " + type;
        };
    }

    // ------------------------------------------------------------------ lists

    private ListValue readLinkedList() throws RdbException {
        long n = in.readLen();
        ListValue l = new ListValue();
        for (long i = 0; i < n; i++) {
            l.pushTail(in.readString(), limits.listFill());
        }
        return l.size() == 0 ? null : l;
    }

    private ListValue listOfBlob(byte[] blob, boolean listpack) throws RdbException {
        ListValue l = new ListValue();
        appendBlob(l, blob, listpack);
        return l.size() == 0 ? null : l;
    }

    private void appendBlob(ListValue l, byte[] blob, boolean listpack) throws RdbException {
        PackedEntries add = e -> l.pushTail(e, limits.listFill());
        if (listpack) {
            ListpackDecoder.decode(blob, "Listpack integrity check failed.", add);
        } else {
            ZiplistDecoder.decode(blob, "Ziplist integrity check failed.", add);
        }
    }

    private ListValue readQuicklist(boolean v2) throws RdbException {
        long nodes = in.readLen();
        ListValue l = new ListValue();
        for (long i = 0; i < nodes; i++) {
            long container = RdbFormat.QUICKLIST_NODE_PACKED;
            if (v2) {
                container = in.readLen();
                if (container != RdbFormat.QUICKLIST_NODE_PACKED && container != RdbFormat.QUICKLIST_NODE_PLAIN) {
                    throw new RdbException("Quicklist integrity check failed.");
                }
            }
            byte[] data = in.readString();
            if (data.length == 0) {
                throw new RdbException("Quicklist integrity check failed.");
            }
            if (container == RdbFormat.QUICKLIST_NODE_PLAIN) {
                l.pushTail(data, limits.listFill());
            } else {
                appendBlob(l, data, v2);
            }
        }
        return l.size() == 0 ? null : l;
    }

    // ------------------------------------------------------------------ sets

    private static final class SetBuilder implements PackedEntries {
        private final long sizeHint;
        private final EncodingLimits limits;
        private final String duplicate;
        private SetValue set;

        SetBuilder(long sizeHint, EncodingLimits limits, String duplicate) {
            this.sizeHint = sizeHint;
            this.limits = limits;
            this.duplicate = duplicate;
        }

        @Override
        public void entry(byte[] member) throws RdbException {
            if (set == null) {
                set = SetValue.create(member, sizeHint, limits.sets());
            }
            if (!set.add(member, limits.sets())) {
                throw new RdbException(duplicate);
            }
        }
    }

    private SetValue readPlainSet() throws RdbException {
        long n = in.readLen();
        SetBuilder b = new SetBuilder(n, limits, "Duplicate set members detected");
        for (long i = 0; i < n; i++) {
            b.entry(in.readString());
        }
        return b.set;
    }

    private SetValue setOfBlob(boolean intset) throws RdbException {
        byte[] blob = in.readString();
        String failure = intset ? IntsetDecoder.FAILURE : "Set listpack integrity check failed.";
        SetBuilder b = new SetBuilder(declaredCount(blob, 4, intset ? 4 : 2), limits, failure);
        if (intset) {
            IntsetDecoder.decode(blob, b);
        } else {
            ListpackDecoder.decode(blob, failure, b);
        }
        return b.set;
    }

    /** The element count a blob's header declares ({@code width} bytes at {@code off}), only as a sizing hint. */
    private static long declaredCount(byte[] blob, int off, int width) {
        return blob.length >= off + width ? ListpackDecoder.le(blob, off, width) : 0;
    }

    // ------------------------------------------------------------------ sorted sets

    private final class ZSetBuilder {
        private final ZSetValue z;
        private final String duplicate;

        ZSetBuilder(long sizeHint, String duplicate) {
            z = new ZSetValue(limits.zsetMaxEntries() != 0 && sizeHint <= limits.zsetMaxEntries());
            this.duplicate = duplicate;
        }

        void add(byte[] member, double score) throws RdbException {
            if (Double.isNaN(score)) {
                throw new RdbException("Zset with NAN score detected");
            }
            if (z.contains(member)) {
                throw new RdbException(duplicate);
            }
            z.insert(member, score, limits.zsetMaxEntries(), limits.zsetMaxValue());
        }

        ZSetValue result() {
            return z.size() == 0 ? null : z;
        }
    }

    private ZSetValue readPlainZSet(boolean binaryScores) throws RdbException {
        long n = in.readLen();
        ZSetBuilder b = new ZSetBuilder(n, "Duplicate zset fields detected");
        for (long i = 0; i < n; i++) {
            byte[] member = in.readString();
            b.add(member, binaryScores ? in.readBinaryDouble() : in.readStringDouble());
        }
        return b.result();
    }

    private ZSetValue zsetOfBlob(boolean listpack) throws RdbException {
        byte[] blob = in.readString();
        String failure = listpack ? "Zset listpack integrity check failed." : "Zset ziplist integrity check failed.";
        ZSetBuilder b = new ZSetBuilder(declaredCount(blob, listpack ? 4 : 8, 2) / 2, failure);
        byte[][] member = new byte[1][];
        PackedEntries pairs = e -> {
            if (member[0] == null) {
                member[0] = e;
                return;
            }
            double score = Numbers.parseDouble(e);
            if (Double.isNaN(score)) {
                throw new RdbException(failure);
            }
            b.add(member[0], score);
            member[0] = null;
        };
        if (listpack) {
            ListpackDecoder.decode(blob, failure, pairs);
        } else {
            ZiplistDecoder.decode(blob, failure, pairs);
        }
        if (member[0] != null) {
            throw new RdbException(failure);
        }
        return b.result();
    }

    // ------------------------------------------------------------------ hashes

    private void put(HashValue h, byte[] field, byte[] value, String duplicate) throws RdbException {
        if (!h.set(field, value, limits.hashMaxEntries(), limits.hashMaxValue())) {
            throw new RdbException(duplicate);
        }
    }

    /** HASH, or with per-field TTLs (7.4: a minimum expiry first in the GA form, then a TTL before each pair). */
    private HashValue readPlainHash(boolean ttls, boolean minExpire) throws RdbException {
        if (minExpire) {
            in.readLittleEndian(8);
        }
        long n = in.readLen();
        HashValue h = new HashValue();
        for (long i = 0; i < n; i++) {
            if (ttls) {
                in.readLen();
            }
            byte[] field = in.readString();
            byte[] value = in.readString();
            put(h, field, value, "Duplicate hash fields detected");
        }
        return h.isEmpty() ? null : h;
    }

    private HashValue hashOfZipmap() throws RdbException {
        byte[] blob = in.readString();
        HashValue h = new HashValue();
        byte[][] field = new byte[1][];
        ZipmapDecoder.decode(blob, e -> {
            if (field[0] == null) {
                field[0] = e;
            } else {
                put(h, field[0], e, "Hash zipmap with dup elements, or big length (" + field[0].length + ")");
                field[0] = null;
            }
        });
        return h.isEmpty() ? null : h;
    }

    /**
     * A packed hash of {@code stride}-tuples: field, value, and for the 7.4 form a TTL that is dropped. A duplicate
     * field is the blob's integrity failure with the words Redis logs when it finds one while converting such a hash
     * unsanitized ("listpack with dup elements"), so the log says what was wrong whatever the sanitize mode.
     */
    private HashValue hashOfBlob(boolean listpack, int stride, String failure) throws RdbException {
        byte[] blob = in.readString();
        String duplicate = failure + (listpack ? " (listpack with dup elements)" : " (ziplist with dup elements)");
        HashValue h = new HashValue();
        byte[][] tuple = new byte[2][];
        int[] at = new int[1];
        PackedEntries entries = e -> {
            int k = at[0]++ % stride;
            if (k < 2) {
                tuple[k] = e;
            }
            if (k == stride - 1) {
                put(h, tuple[0], tuple[1], duplicate);
            }
        };
        if (listpack) {
            ListpackDecoder.decode(blob, failure, entries);
        } else {
            ZiplistDecoder.decode(blob, failure, entries);
        }
        if (at[0] % stride != 0) {
            throw new RdbException(failure);
        }
        return h.isEmpty() ? null : h;
    }
}
