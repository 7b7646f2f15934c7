package io.github.tinodej.model;

/** Account and topic states, with the numeric values of Tinode's schema. */
public enum ObjectState {
    OK(0, "ok"),
    SUSPENDED(10, "susp"),
    DELETED(20, "del");

    private final int value;
    private final String wireName;

    ObjectState(int value, String wireName) {
        this.value = value;
        this.wireName = wireName;
    }

    public int value() {
        return value;
    }

    public String wireName() {
        return wireName;
    }

    /** The state with this numeric value. */
    public static ObjectState ofValue(int v) {
        for (ObjectState s : values()) {
            if (s.value == v) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown state " + v);
    }

    /** The state with this wire name, if there is one. */
    public static java.util.Optional<ObjectState> ofWireName(String s) {
        for (ObjectState st : values()) {
            if (st.wireName.equals(s)) {
                return java.util.Optional.of(st);
            }
        }
        return java.util.Optional.empty();
    }
}
