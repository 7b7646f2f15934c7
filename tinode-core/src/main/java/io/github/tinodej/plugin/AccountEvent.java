package io.github.tinodej.plugin;

import java.util.List;

/**
 * An account was created or changed (Tinode's {@code pbx.AccountEvent}).
 *
 * @param action CREATE or UPDATE
 * @param userId the account ({@code usr...})
 * @param defaultAuth default access mode for authenticated users, e.g. "JRWPA"
 * @param defaultAnon default access mode for anonymous users
 * @param publicJson the account's public description as JSON, or null
 * @param tags the account's tags
 */
public record AccountEvent(Crud action, String userId, String defaultAuth, String defaultAnon, String publicJson,
        List<String> tags) {
    public AccountEvent {
        tags = List.copyOf(tags);
    }
}
