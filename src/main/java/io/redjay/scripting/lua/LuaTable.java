package io.redjay.scripting.lua;

import java.util.Arrays;

/**
 * A Lua table: an array part for the keys 1..n and a hash part for everything else, as in C Lua's {@code ltable.c}.
 *
 * <p><b>Keys.</b> Numbers are {@link Double}s; an integral number within the array part's range lives there, any
 * other key in the hash part. {@code -0.0} is stored as {@code 0.0} (they are the same key in Lua). nil and NaN are
 * not keys: {@link #rawset} refuses them with Lua's messages. Strings compare by content, booleans by value, tables,
 * functions and userdata by identity.
 *
 * <p><b>Hash part.</b> Open addressing with linear probing over parallel key/value arrays. Setting a field to nil
 * keeps its key in place (a dead key, as in C Lua), so {@link #next} can continue from a key that a traversal has
 * just cleared, which Lua allows; dead keys are dropped when the part is rebuilt on growth. Adding a new key during a
 * traversal is, as in Lua, undefined.
 *
 * <p><b>Length.</b> {@link #length} returns a border (a non-nil {@code t[n]} followed by a nil {@code t[n+1]}),
 * found in the array part by binary search and continued into the hash part, like {@code luaH_getn}.
 *
 * <p><b>Read-only.</b> Redis 7.0 makes the globals and its library tables read-only; {@link #rawset} on such a table
 * raises "Attempt to modify a readonly table" whatever the key.
 */
public final class LuaTable {
    private static final Object[] NO_VALUES = new Object[0];

    private Object[] array = NO_VALUES;
    /**
     * The array part's size: keys 1..arrayUsed live in {@link #array} (nil or not). It only grows, so clearing a
     * field never moves the keys after it out of a traversal's way.
     */
    private int arrayUsed;
    private Object[] hashKeys;
    private Object[] hashValues;
    /** Occupied slots of the hash part, dead keys included. */
    private int hashSlots;
    private LuaTable metatable;
    private boolean readonly;

    public LuaTable() {
    }

    public LuaTable(int arrayCapacity, int hashCapacity) {
        if (arrayCapacity > 0) {
            array = new Object[arrayCapacity];
        }
        if (hashCapacity > 0) {
            int cap = Integer.highestOneBit(Math.max(4, hashCapacity * 2 - 1)) << 1;
            hashKeys = new Object[cap];
            hashValues = new Object[cap];
        }
    }

    public LuaTable metatable() {
        return metatable;
    }

    public void metatable(LuaTable mt) {
        metatable = mt;
    }

    public boolean readonly() {
        return readonly;
    }

    public void readonly(boolean v) {
        readonly = v;
    }

    /**
     * Makes {@code values} the array part of this new, empty table, nils included: a constructor's positional items,
     * for which C Lua sizes the array part exactly (so {@code #{nil, 2}} is 2). The table takes the array.
     */
    public void initArray(Object[] values) {
        array = values;
        arrayUsed = values.length;
    }

    // ---------------------------------------------------------------- get

    public Object rawget(Object key) {
        if (key instanceof Double d) {
            double v = d;
            int i = (int) v;
            if (i == v && i >= 1 && i <= arrayUsed) {
                return array[i - 1];
            }
            if (v == 0.0) {
                key = 0.0; // -0.0 and 0.0 are one key
            }
        } else if (key == null) {
            return null;
        }
        return hashGet(key);
    }

    public Object rawget(int i) {
        if (i >= 1 && i <= arrayUsed) {
            return array[i - 1];
        }
        return hashKeys == null ? null : hashGet((double) i);
    }

    public Object rawget(String key) {
        return rawget(LuaString.of(key));
    }

    private Object hashGet(Object key) {
        Object[] keys = hashKeys;
        if (keys == null) {
            return null;
        }
        int mask = keys.length - 1;
        int i = spread(key.hashCode()) & mask;
        while (true) {
            Object k = keys[i];
            if (k == null) {
                return null;
            }
            if (k == key || k.equals(key)) {
                return hashValues[i];
            }
            i = (i + 1) & mask;
        }
    }

    // ---------------------------------------------------------------- set

    /** {@code t[key] = value} without metamethods; raises Lua's errors for a nil or NaN key and for a read-only table. */
    public void rawset(Object key, Object value) {
        if (readonly) {
            throw new LuaError("Attempt to modify a readonly table");
        }
        if (key instanceof Double d) {
            double v = d;
            int i = (int) v;
            if (i == v && i >= 1) {
                rawsetInt(i, value);
                return;
            }
            if (Double.isNaN(v)) {
                throw new LuaError("table index is NaN");
            }
            if (v == 0.0) {
                key = 0.0;
            }
        } else if (key == null) {
            throw new LuaError("table index is nil");
        }
        hashSet(key, value);
    }

    public void rawset(String key, Object value) {
        rawset(LuaString.of(key), value);
    }

    /** {@code t[i] = value} for an integer key. */
    public void rawset(int i, Object value) {
        if (readonly) {
            throw new LuaError("Attempt to modify a readonly table");
        }
        if (i >= 1) {
            rawsetInt(i, value);
        } else {
            hashSet((double) i, value);
        }
    }

    private void rawsetInt(int i, Object value) {
        if (i <= arrayUsed) {
            array[i - 1] = value;
            return;
        }
        if (i == arrayUsed + 1 && value != null) {
            if (i > array.length) {
                array = Arrays.copyOf(array, Math.max(4, array.length * 2));
            }
            array[i - 1] = value;
            arrayUsed = i;
            if (hashKeys != null && hashSlots > 0) {
                migrateFromHash();
            }
            return;
        }
        hashSet((double) i, value);
    }

    /** Keys n+1, n+2... that were stored in the hash part move to the array part once it reaches them. */
    private void migrateFromHash() {
        while (true) {
            Double next = (double) (arrayUsed + 1);
            int slot = hashSlot(next);
            if (slot < 0 || hashValues[slot] == null) {
                return;
            }
            Object v = hashValues[slot];
            hashValues[slot] = null; // the key stays behind, dead
            if (arrayUsed == array.length) {
                array = Arrays.copyOf(array, array.length * 2);
            }
            array[arrayUsed++] = v;
        }
    }

    private int hashSlot(Object key) {
        Object[] keys = hashKeys;
        if (keys == null) {
            return -1;
        }
        int mask = keys.length - 1;
        int i = spread(key.hashCode()) & mask;
        while (true) {
            Object k = keys[i];
            if (k == null) {
                return -1;
            }
            if (k == key || k.equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private void hashSet(Object key, Object value) {
        int slot = hashSlot(key);
        if (slot >= 0) {
            hashValues[slot] = value;
            return;
        }
        if (value == null) {
            return;
        }
        if (hashKeys == null || (hashSlots + 1) * 4 > hashKeys.length * 3) {
            rehash();
        }
        Object[] keys = hashKeys;
        int mask = keys.length - 1;
        int i = spread(key.hashCode()) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashValues[i] = value;
        hashSlots++;
    }

    /** Rebuilds the hash part without its dead keys, twice as big when the live keys need it. */
    private void rehash() {
        Object[] oldKeys = hashKeys;
        Object[] oldValues = hashValues;
        int live = 0;
        if (oldKeys != null) {
            for (Object v : oldValues) {
                if (v != null) {
                    live++;
                }
            }
        }
        int cap = 4;
        while ((live + 1) * 2 > cap) {
            cap <<= 1;
        }
        hashKeys = new Object[cap];
        hashValues = new Object[cap];
        hashSlots = 0;
        if (oldKeys != null) {
            int mask = cap - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldValues[j] != null) {
                    int i = spread(oldKeys[j].hashCode()) & mask;
                    while (hashKeys[i] != null) {
                        i = (i + 1) & mask;
                    }
                    hashKeys[i] = oldKeys[j];
                    hashValues[i] = oldValues[j];
                    hashSlots++;
                }
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    // ---------------------------------------------------------------- length, traversal

    /** A border of the table, as Lua's {@code #} operator (without metamethods) returns it. */
    public int length() {
        int n = arrayUsed;
        if (n > 0 && array[n - 1] == null) {
            int lo = 0;
            int hi = n; // array[hi-1] is nil, t[lo] is non-nil or lo == 0
            while (hi - lo > 1) {
                int m = (lo + hi) >>> 1;
                if (array[m - 1] == null) {
                    hi = m;
                } else {
                    lo = m;
                }
            }
            return lo;
        }
        if (hashKeys == null) {
            return n;
        }
        while (hashGet((double) (n + 1)) != null) {
            n++;
        }
        return n;
    }

    /**
     * Lua's {@code next}: the entry after {@code key} ({@code null} to start) as {@code out[0]} = key, {@code out[1]}
     * = value; returns false when the traversal is over. Raises "invalid key to 'next'" for a key not in the table.
     */
    public boolean next(Object key, Object[] out) {
        int i;
        if (key == null) {
            i = 0;
        } else {
            i = indexOf(key) + 1;
        }
        for (; i < arrayUsed; i++) {
            if (array[i] != null) {
                out[0] = (double) (i + 1);
                out[1] = array[i];
                return true;
            }
        }
        if (hashKeys != null) {
            for (int j = i - arrayUsed; j < hashKeys.length; j++) {
                if (hashValues[j] != null) {
                    out[0] = hashKeys[j];
                    out[1] = hashValues[j];
                    return true;
                }
            }
        }
        return false;
    }

    /** The traversal position of a key: 0..arrayUsed-1 in the array part, arrayUsed + slot in the hash part. */
    private int indexOf(Object key) {
        if (key instanceof Double d) {
            double v = d;
            int i = (int) v;
            if (i == v && i >= 1 && i <= arrayUsed) {
                return i - 1;
            }
            if (v == 0.0) {
                key = 0.0;
            }
        }
        int slot = hashSlot(key);
        if (slot < 0) {
            throw new LuaError("invalid key to 'next'");
        }
        return arrayUsed + slot;
    }

    // ---------------------------------------------------------------- table library helpers

    /** {@code table.insert(t, pos, v)}: shifts t[pos..n] up by one (n = {@link #length}). */
    public void insert(int pos, Object value) {
        int n = length();
        for (int i = n; i >= pos; i--) {
            rawset(i + 1, rawget(i));
        }
        rawset(pos, value);
    }

    /** {@code table.remove(t, pos)}: shifts t[pos+1..n] down by one and returns the removed value. */
    public Object remove(int pos) {
        int n = length();
        Object v = rawget(pos);
        for (int i = pos; i < n; i++) {
            rawset(i, rawget(i + 1));
        }
        if (pos <= n) {
            rawset(n, null);
        }
        return v;
    }
}
