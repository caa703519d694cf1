package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import io.redjay.keyspace.Dict;
import io.redjay.keyspace.DictEntry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The large form of a set: a {@link Dict} whose nodes are the members themselves (the node class adds nothing to
 * {@link DictEntry}), so a member costs one node and its bytes. Using the keyspace's table brings incremental
 * rehashing (no pause when a million-member set doubles) and the reverse-binary cursor that keeps SSCAN correct
 * across resizes.
 *
 * <p>The heap it retains is the table ({@link DictHeap}), one node per member and the members' arrays; the arrays
 * vary in length, so their total is a counter that adding and removing keep. COPY copies the arrays too, so that the
 * copy retains all it counts.
 */
final class SetHashtable extends SetForm {
    /** A member: the table node is the whole entry, there is no value. */
    static final class Member extends DictEntry {
        Member(byte[] key, int hash) {
            super(key, hash);
        }
    }

    private static final int FAIR_SAMPLE = 20;
    /** This object: the table reference and the member-bytes counter. */
    private static final long SHALLOW = HeapLayout.object(Long.BYTES, 1);
    /** A member node: key, next and the cached hash. */
    private static final long MEMBER = HeapLayout.object(Integer.BYTES, 2);

    private final Dict<Member> dict = new Dict<>();
    /** Heap of the members' arrays. */
    private long memberBytes;

    @Override
    long size() {
        return dict.size();
    }

    @Override
    String encoding() {
        return "hashtable";
    }

    /** Adds a member; false if present. The array is kept, so callers pass bytes nobody will modify. */
    boolean add(byte[] member) {
        int h = Dict.hash(member);
        if (dict.get(member, h) != null) {
            return false;
        }
        dict.add(new Member(member, h));
        memberBytes += HeapLayout.byteArray(member.length);
        return true;
    }

    @Override
    boolean contains(byte[] member) {
        return dict.get(member) != null;
    }

    @Override
    boolean remove(byte[] member) {
        Member m = dict.remove(member);
        if (m == null) {
            return false;
        }
        memberBytes -= HeapLayout.byteArray(m.key().length);
        return true;
    }

    /**
     * A random member that does not favour short chains: as Redis's {@code dictGetFairRandomKey}, take a sample of
     * neighbouring buckets and pick uniformly within it (for small sets the sample is the whole set).
     */
    @Override
    byte[] random() {
        Member[] sample = new Member[FAIR_SAMPLE];
        int n = dict.sample(sample, FAIR_SAMPLE);
        if (n == 0) {
            return dict.random().key();
        }
        return sample[ThreadLocalRandom.current().nextInt(n)].key();
    }

    @Override
    byte[] popRandom() {
        byte[] member = random();
        remove(member);
        return member;
    }

    @Override
    boolean forEach(SetVisitor visitor) {
        boolean[] going = {true};
        dict.pauseRehashing();
        try {
            long cursor = 0;
            do {
                cursor = dict.scan(cursor, m -> {
                    if (going[0]) {
                        going[0] = visitor.visit(m.key());
                    }
                });
            } while (cursor != 0 && going[0]);
        } finally {
            dict.resumeRehashing();
        }
        return going[0];
    }

    /** One step of SSCAN: the members of the bucket(s) at {@code cursor}; returns the next cursor. */
    long scan(long cursor, Consumer<byte[]> out) {
        return dict.scan(cursor, m -> out.accept(m.key()));
    }

    Dict<Member> dict() {
        return dict;
    }

    @Override
    SetForm copy() {
        SetHashtable copy = new SetHashtable();
        forEach(m -> copy.add(m.clone()));
        return copy;
    }

    @Override
    long heapBytes() {
        return SHALLOW + DictHeap.of(dict) + dict.size() * MEMBER + memberBytes;
    }
}
