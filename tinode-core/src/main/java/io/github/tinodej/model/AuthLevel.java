package io.github.tinodej.model;

/** Authentication levels with Tinode's numeric values and wire names ({@code params.authlvl}). */
public enum AuthLevel {
    NONE(0, ""),
    ANON(10, "anon"),
    AUTH(20, "auth"),
    ROOT(30, "root");

    private final int value;
    private final String wireName;

    AuthLevel(int value, String wireName) {
        this.value = value;
        this.wireName = wireName;
    }

    /** The numeric value stored in tokens and auth records. */
    public int value() {
        return value;
    }

    /** The name on the wire, empty for {@link #NONE}. */
    public String wireName() {
        return wireName;
    }

    /** The level with this numeric value, if there is one. */
    public static java.util.Optional<AuthLevel> ofValue(int v) {
        for (AuthLevel l : values()) {
            if (l.value == v) {
                return java.util.Optional.of(l);
            }
        }
        return java.util.Optional.empty();
    }

    /** The level with this wire name (case-insensitive), if there is one. */
    public static java.util.Optional<AuthLevel> ofWireName(String s) {
        for (AuthLevel l : values()) {
            if (l.wireName.equalsIgnoreCase(s)) {
                return java.util.Optional.of(l);
            }
        }
        return java.util.Optional.empty();
    }
}
