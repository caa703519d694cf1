package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A Redis set. It starts in a compact form and converts, one way, to the hashtable as it grows, with Redis 7.2's
 * rules: integers go to an {@link IntSet} (up to {@code set-max-intset-entries}); a non-integer member turns a small
 * intset into a {@link SetListpack} (at most {@code set-max-listpack-entries} members of at most
 * {@code set-max-listpack-value} bytes, the intset's longest number included); anything larger becomes a
 * {@link SetHashtable}. The thresholds arrive as a {@link SetLimits} on each write, so the value never consults the
 * configuration itself.
 *
 * <p>Members are byte arrays compared byte for byte: "1" and "01" are different members, and "1" added as a string
 * to a hashtable set is the same member as 1 in an intset.
 */
public final class SetValue implements Aggregate, SetMembers {
    /** This object: the reference to its current form. */
    private static final long SHALLOW = HeapLayout.object(0, 1);

    private SetForm form;

    private SetValue(SetForm form) {
        this.form = form;
    }

    /** An empty set in the smallest form, for building results (SUNIONSTORE and friends). */
    public static SetValue empty() {
        return new SetValue(new IntSet());
    }

    /**
     * The set a write creates for its first member, sized for the {@code sizeHint} members about to be added, as
     * Redis's {@code setTypeCreate}: an intset for an integer, else a listpack, else straight away a hashtable.
     */
    public static SetValue create(byte[] first, long sizeHint, SetLimits limits) {
        if (SetForm.isInteger(first) && sizeHint <= limits.maxIntsetEntries()) {
            return new SetValue(new IntSet());
        }
        if (sizeHint <= limits.maxListpackEntries()) {
            return new SetValue(new SetListpack(64));
        }
        return new SetValue(new SetHashtable());
    }

    /** Converts to the hashtable up front when {@code sizeHint} more members could not fit the compact form. */
    public void prepareFor(long sizeHint, SetLimits limits) {
        if ((form instanceof SetListpack && sizeHint > limits.maxListpackEntries())
                || (form instanceof IntSet && sizeHint > limits.maxIntsetEntries())) {
            toHashtable();
        }
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return form.encoding();
    }

    @Override
    public long size() {
        return form.size();
    }

    @Override
    public boolean contains(byte[] member) {
        return form.contains(member);
    }

    /** Adds a member; false if it was present. The array may be kept, so pass bytes nobody will modify. */
    public boolean add(byte[] member, SetLimits limits) {
        if (form instanceof SetHashtable ht) {
            return ht.add(member);
        }
        if (form instanceof IntSet is) {
            return addToIntSet(is, member, limits);
        }
        SetListpack lp = (SetListpack) form;
        if (lp.contains(member)) {
            return false;
        }
        if (lp.size() < limits.maxListpackEntries() && member.length <= limits.maxListpackValue()) {
            lp.append(member);
        } else {
            toHashtable().add(member);
        }
        return true;
    }

    private boolean addToIntSet(IntSet is, byte[] member, SetLimits limits) {
        if (SetForm.isInteger(member)) {
            if (!is.addLong(Numbers.parseLong(member))) {
                return false;
            }
            if (is.size() > limits.intsetCap()) {
                toHashtable();
            }
            return true;
        }
        if (is.size() < limits.maxListpackEntries() && member.length <= limits.maxListpackValue()
                && is.maxDigits() <= limits.maxListpackValue()) {
            SetListpack lp = new SetListpack((int) is.size() * 8 + member.length + 8);
            is.forEach(m -> {
                lp.append(m);
                return true;
            });
            lp.append(member);
            form = lp;
        } else {
            toHashtable().add(member);
        }
        return true;
    }

    private SetHashtable toHashtable() {
        if (form instanceof SetHashtable ht) {
            return ht;
        }
        SetHashtable ht = new SetHashtable();
        form.forEach(ht::add);
        form = ht;
        return ht;
    }

    public boolean remove(byte[] member) {
        return form.remove(member);
    }

    /** A uniformly chosen member; the set must not be empty. */
    public byte[] random() {
        return form.random();
    }

    /** Removes and returns a uniformly chosen member; the set must not be empty. */
    public byte[] popRandom() {
        return form.popRandom();
    }

    /**
     * Removes {@code count} random members (fewer than the size) and returns them, with Redis's two strategies: when
     * few are taken, pop them one by one; when most are taken, pick the few that stay and rebuild the set from them.
     */
    public List<byte[]> popRandom(long count, SetLimits limits) {
        long remaining = size() - count;
        List<byte[]> popped = new ArrayList<>((int) count);
        if (remaining * 5 > count) {
            for (long i = 0; i < count; i++) {
                popped.add(form.popRandom());
            }
            return popped;
        }
        SetValue kept = null;
        for (long i = 0; i < remaining; i++) {
            byte[] m = form.popRandom();
            if (kept == null) {
                kept = create(m, 1, limits);
            }
            kept.add(m, limits);
        }
        form.forEach(m -> popped.add(m));
        form = kept.form;
        return popped;
    }

    /**
     * {@code count} distinct random members, fewer than the size: when close to the size, shuffle a copy of all
     * members partially (Redis removes random members from a copy instead); otherwise draw until enough distinct
     * members were seen.
     */
    public List<byte[]> randomDistinct(int count) {
        if ((long) count * 3 > size()) {
            List<byte[]> all = members();
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(all.size() - i);
                byte[] tmp = all.get(i);
                all.set(i, all.get(j));
                all.set(j, tmp);
            }
            return new ArrayList<>(all.subList(0, count));
        }
        SetHashtable seen = new SetHashtable();
        List<byte[]> picked = new ArrayList<>(count);
        while (picked.size() < count) {
            byte[] m = form.random();
            if (seen.add(m)) {
                picked.add(m);
            }
        }
        return picked;
    }

    /** Visits members (ascending for an intset) until the visitor returns false; false if it was stopped. */
    public boolean forEach(SetVisitor visitor) {
        return form.forEach(visitor);
    }

    @Override
    public void forEachMember(Consumer<byte[]> action) {
        form.forEach(m -> {
            action.accept(m);
            return true;
        });
    }

    /** All members in iteration order, as a new list. */
    public List<byte[]> members() {
        List<byte[]> all = new ArrayList<>((int) size());
        forEachMember(all::add);
        return all;
    }

    /**
     * One SSCAN step, as Redis's {@code scanGenericCommand}: a compact set returns everything at once with cursor 0;
     * a hashtable walks buckets until {@code count} members were gathered or ten times that many buckets were seen.
     */
    public long scan(long cursor, long count, Consumer<byte[]> out) {
        if (!(form instanceof SetHashtable ht)) {
            forEachMember(out);
            return 0;
        }
        int[] found = {0};
        long maxIterations = count * 10;
        do {
            cursor = ht.scan(cursor, m -> {
                found[0]++;
                out.accept(m);
            });
        } while (cursor != 0 && maxIterations-- > 0 && found[0] < count);
        return cursor;
    }

    /**
     * Keeps a hashtable set's table layout still for a {@link #walk} (rehashing paused); a compact set has none to
     * hold. Every {@code holdTable} needs its {@link #releaseTable}.
     */
    public void holdTable() {
        if (form instanceof SetHashtable ht) {
            ht.dict().pauseRehashing();
        }
    }

    public void releaseTable() {
        if (form instanceof SetHashtable ht) {
            ht.dict().resumeRehashing();
        }
    }

    /**
     * Up to {@code buckets} table buckets of a held hashtable set, in table order, from {@code position} (0 to begin);
     * returns where to go on, or -1 at the end. The set must not change during the walk.
     */
    public long walk(long position, int buckets, Consumer<byte[]> out) {
        return ((SetHashtable) form).dict().walk(position, buckets, m -> out.accept(m.key()));
    }

    @Override
    public long heapBytes() {
        return SHALLOW + form.heapBytes();
    }

    @Override
    public Object copy() {
        return new SetValue(form.copy());
    }

    /** Redis's recipe for sets: every member xored in, so the digest does not depend on order or encoding. */
    @Override
    public void digestInto(Digest digest) {
        forEachMember(digest::xor);
    }
}
