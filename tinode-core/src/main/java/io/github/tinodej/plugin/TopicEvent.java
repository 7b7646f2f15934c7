package io.github.tinodej.plugin;

/**
 * A topic was created, its description changed, or it was deleted (Tinode's {@code pbx.TopicEvent}).
 *
 * @param action what happened
 * @param name the topic's name ({@code grp...}, {@code p2p...})
 * @param defaultAuth default access for authenticated users, or null (deletions)
 * @param defaultAnon default access for anonymous users, or null
 * @param publicJson the public description as JSON, or null
 * @param trustedJson the trusted description as JSON, or null
 */
public record TopicEvent(Crud action, String name, String defaultAuth, String defaultAnon, String publicJson,
        String trustedJson) {
}
