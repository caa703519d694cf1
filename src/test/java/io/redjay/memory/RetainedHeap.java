package io.redjay.memory;

import io.redjay.keyspace.HeapLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The reference the maintained figures are checked against: the heap retained by a value, found by walking its object
 * graph with reflection, so it shares no code with the counters it checks. Each object reached is counted once, with
 * the shallow size {@link HeapLayout} gives for its fields or elements as reflection lists them; objects held by
 * static fields of the value classes' packages (the shared empty arrays) are excluded, since no value retains them.
 *
 * <p>Only Redjay's own classes and arrays are expected inside a value: anything else (a {@code java.util}
 * collection, a boxed number) fails the walk, because the counters could not account for it and because reflecting
 * into java.base would need the module system opened.
 */
final class RetainedHeap {
    private static final List<String> VALUE_PACKAGES = List.of("io.redjay.types", "io.redjay.keyspace");
    private static final Set<Object> SHARED = sharedObjects();
    private static final Map<Class<?>, Shape> SHAPES = new IdentityHashMap<>();

    private RetainedHeap() {
    }

    /** A class's instance fields, superclasses' included. */
    record Shape(int primitiveBytes, List<Field> references) {
        long shallow() {
            return HeapLayout.object(primitiveBytes, references.size());
        }
    }

    static long of(Object root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        long total = 0;
        while (!pending.isEmpty()) {
            Object o = pending.pop();
            if (SHARED.contains(o) || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> c = o.getClass();
            if (c.isArray()) {
                total += arraySize(o);
                if (!c.getComponentType().isPrimitive()) {
                    for (Object e : (Object[]) o) {
                        if (e != null) {
                            pending.push(e);
                        }
                    }
                }
                continue;
            }
            Shape shape = shape(c);
            total += shape.shallow();
            for (Field f : shape.references()) {
                Object v = read(f, o);
                if (v != null) {
                    pending.push(v);
                }
            }
        }
        return total;
    }

    static long arraySize(Object array) {
        Class<?> component = array.getClass().getComponentType();
        int length = Array.getLength(array);
        return component.isPrimitive()
                ? HeapLayout.array(primitiveBytes(component), length)
                : HeapLayout.referenceArray(length);
    }

    static synchronized Shape shape(Class<?> c) {
        Shape s = SHAPES.get(c);
        if (s != null) {
            return s;
        }
        if (VALUE_PACKAGES.stream().noneMatch(p -> c.getName().startsWith(p + "."))) {
            throw new AssertionError("a value holds a " + c.getName() + ", which heap accounting does not know");
        }
        int primitive = 0;
        List<Field> refs = new ArrayList<>();
        for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                if (f.getType().isPrimitive()) {
                    primitive += primitiveBytes(f.getType());
                } else {
                    f.setAccessible(true);
                    refs.add(f);
                }
            }
        }
        s = new Shape(primitive, List.copyOf(refs));
        SHAPES.put(c, s);
        return s;
    }

    static int primitiveBytes(Class<?> t) {
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        return 1;
    }

    private static Object read(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Every class file of the value packages, loaded. */
    static List<Class<?>> valueClasses() {
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : VALUE_PACKAGES) {
            Path dir = classesDir().resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".class")) {
                        out.add(Class.forName(pkg + "." + name.substring(0, name.length() - 6)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static Path classesDir() {
        try {
            return Paths.get(HeapLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<Object> sharedObjects() {
        Set<Object> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Class<?> c : valueClasses()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object v = f.get(null);
                    if (v != null) {
                        shared.add(v);
                    }
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new AssertionError(c.getName() + "." + f.getName(), e);
                }
            }
        }
        return shared;
    }
}
