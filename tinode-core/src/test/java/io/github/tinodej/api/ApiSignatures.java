package io.github.tinodej.api;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public API of a module as text: every public type outside {@code internal} packages and its
 * public and protected members, one sorted line each, so that a change shows as a diff. Modules
 * keep theirs in {@code api/<module>.api} and check it with {@link #check}.
 */
public final class ApiSignatures {
    /** Set to {@code true} to rewrite the checked-in file after a planned change. */
    public static final String UPDATE_PROPERTY = "tinodej.api.update";

    private ApiSignatures() {
    }

    /** The API of the classes compiled into {@code classes} (a module's target/classes). */
    public static List<String> of(Path classes) throws IOException, ClassNotFoundException {
        TreeSet<String> lines = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            String name = classes.relativize(f).toString().replace('\\', '/').replace('/', '.');
            name = name.substring(0, name.length() - ".class".length());
            if (name.endsWith("module-info") || name.endsWith("package-info") || name.contains(".internal.")) {
                continue;
            }
            Class<?> c = Class.forName(name, false, ApiSignatures.class.getClassLoader());
            if (!visible(c)) {
                continue;
            }
            String type = c.getName();
            lines.add(type + " :: " + describe(c));
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (member(k.getModifiers()) && !k.isSynthetic()) {
                    lines.add(type + " :: " + k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (member(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(type + " :: " + m.toGenericString());
                }
            }
            for (Field x : c.getDeclaredFields()) {
                if (member(x.getModifiers()) && !x.isSynthetic()) {
                    lines.add(type + " :: " + x.toGenericString());
                }
            }
        }
        return new ArrayList<>(lines);
    }

    /**
     * Fails when the API of {@code classes} differs from {@code apiFile}, naming the lines added
     * and removed; with {@code -Dtinodej.api.update=true} writes the file instead.
     */
    public static void check(Path classes, Path apiFile) throws IOException, ClassNotFoundException {
        List<String> now = of(classes);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(apiFile.getParent());
            Files.write(apiFile, now, StandardCharsets.UTF_8);
            return;
        }
        List<String> was = Files.exists(apiFile) ? Files.readAllLines(apiFile, StandardCharsets.UTF_8) : List.of();
        if (!now.equals(was)) {
            TreeSet<String> added = new TreeSet<>(now);
            added.removeAll(was);
            TreeSet<String> removed = new TreeSet<>(was);
            removed.removeAll(now);
            StringBuilder b = new StringBuilder("The public API changed (" + apiFile + "). If planned, run the build "
                    + "with -D" + UPDATE_PROPERTY + "=true and commit the file, with a CHANGELOG entry.\n");
            added.forEach(l -> b.append("+ ").append(l).append('\n'));
            removed.forEach(l -> b.append("- ").append(l).append('\n'));
            throw new AssertionError(b.toString());
        }
    }

    private static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        // Visible from outside: public, or protected inside a visible type, all the way out.
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            int m = k.getModifiers();
            if (!Modifier.isPublic(m) && !(Modifier.isProtected(m) && k.getDeclaringClass() != null)) {
                return false;
            }
        }
        return true;
    }

    private static boolean member(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String describe(Class<?> c) {
        StringBuilder b = new StringBuilder(c.toGenericString());
        java.lang.reflect.Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            b.append(" extends ").append(sup.getTypeName());
        }
        java.lang.reflect.Type[] ifaces = c.getGenericInterfaces();
        if (ifaces.length > 0) {
            b.append(c.isInterface() ? " extends " : " implements ");
            for (int i = 0; i < ifaces.length; i++) {
                b.append(i > 0 ? ", " : "").append(ifaces[i].getTypeName());
            }
        }
        return b.toString();
    }
}
