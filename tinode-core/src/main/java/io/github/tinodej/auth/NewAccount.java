package io.github.tinodej.auth;

import io.github.tinodej.model.ObjectState;
import java.util.List;

/**
 * What an external authenticator asks for when it creates a local account (Tinode's
 * {@code newacc} with the state and tags of its auth record).
 *
 * @param state the account state; null for {@code ok}
 * @param authAccess default access of authenticated users to the user's p2p topics, in Tinode's
 *        letters ({@code JRWPS}); null or blank for the server's default
 * @param anonAccess the same for anonymous users; null or blank for the server's default
 * @param publicJson the public description as JSON text, or null
 * @param trustedJson the trusted description as JSON text, or null
 * @param privateJson the private part of the {@code me} subscription as JSON text, or null
 * @param tags the user's tags; null for none
 */
public record NewAccount(ObjectState state, String authAccess, String anonAccess, String publicJson,
        String trustedJson, String privateJson, List<String> tags) {

    public NewAccount {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
