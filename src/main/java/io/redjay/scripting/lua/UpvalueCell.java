package io.redjay.scripting.lua;

/**
 * A local variable that a closure captures. Locals live in their function's frame array; only those an inner
 * function refers to are boxed in a cell (decided at compile time), so the frame and every closure created while the
 * variable is in scope share one mutable value, as C Lua's open and closed upvalues do. A declaration that runs again
 * (a loop body) makes a new cell, which is how each iteration gets a fresh variable.
 */
final class UpvalueCell {
    Object value;

    UpvalueCell(Object value) {
        this.value = value;
    }
}
