package io.github.tinodej.model;

/**
 * Default access granted to authenticated and to anonymous users ({@code defacs} on the wire).
 *
 * @param auth mode for users at level {@code auth}
 * @param anon mode for users at level {@code anon}
 */
public record DefaultAccess(AccessMode auth, AccessMode anon) {
    public DefaultAccess {
        if (auth == null || anon == null) {
            throw new IllegalArgumentException("default access modes must not be null");
        }
    }

    /** The mode for a requester of the given level. */
    public AccessMode forLevel(AuthLevel level) {
        return switch (level) {
            case AUTH, ROOT -> auth;
            case ANON -> anon;
            case NONE -> AccessMode.NONE;
        };
    }
}
