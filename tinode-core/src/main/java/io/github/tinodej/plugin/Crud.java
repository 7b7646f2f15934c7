package io.github.tinodej.plugin;

/** What happened to an account, topic, subscription or message (Tinode's {@code pbx.Crud}). */
public enum Crud {
    /** Created. */
    CREATE,
    /** Changed. */
    UPDATE,
    /** Deleted. */
    DELETE
}
