package io.github.tinodej.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tinode's tag rules ({@code normalizeTags}, {@code validateTag} in {@code server/utils.go}). */
public final class Tags {
    /** Shortest tag in characters, advertised in {@code {hi}}. */
    public static final int MIN_LENGTH = 2;
    /** Longest tag in characters, advertised in {@code {hi}}. */
    public static final int MAX_LENGTH = 96;
    /** The delete marker: a tag list of just this clears the tags. */
    public static final String NULL_VALUE = "\u2421";

    private static final Pattern PREFIXED = Pattern.compile("^([a-z]\\w{1,15}):([-_+.!?#@\\p{L}\\p{N}]{1,96})$");

    private Tags() {
    }

    /**
     * Trims, lower-cases, sorts and de-duplicates; drops tags of the wrong length or not starting
     * with a letter or digit; considers only the first {@code maxTags}. Returns null for null input
     * and an empty list when the input holds the delete marker.
     */
    public static List<String> normalize(List<String> src, int maxTags) {
        if (src == null) {
            return null;
        }
        List<String> in = new ArrayList<>();
        for (int i = 0; i < src.size() && i < maxTags; i++) {
            String t = src.get(i);
            if (t == null) {
                continue;
            }
            t = t.trim().toLowerCase(Locale.ROOT);
            if (NULL_VALUE.equals(t)) {
                return List.of();
            }
            in.add(t);
        }
        TreeSet<String> sorted = new TreeSet<>(in);
        List<String> out = new ArrayList<>();
        for (String t : sorted) {
            int n = t.codePointCount(0, t.length());
            if (n < MIN_LENGTH || n > MAX_LENGTH) {
                continue;
            }
            int first = t.codePointAt(0);
            if (Character.isLetter(first) || Character.isDigit(first)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The namespace of a prefixed tag ({@code basic} of {@code basic:alice}), or null. */
    public static String prefix(String tag) {
        Matcher m = PREFIXED.matcher(tag);
        return m.matches() ? m.group(1) : null;
    }

    /** True if the tag lies in one of the namespaces. */
    public static boolean inNamespaces(String tag, List<String> namespaces) {
        String p = prefix(tag);
        return p != null && namespaces.contains(p);
    }
}
