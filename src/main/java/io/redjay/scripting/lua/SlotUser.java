package io.redjay.scripting.lua;

/**
 * A node that reads or writes a local variable's frame slot. The parser learns that a local is captured only when
 * an inner function names it, after the nodes that use it were built; when the variable's scope closes it tells
 * each of them to go through the slot's {@link UpvalueCell} instead of the slot itself.
 */
interface SlotUser {
    void box(int slot);
}
