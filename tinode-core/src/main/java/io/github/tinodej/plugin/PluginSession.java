package io.github.tinodej.plugin;

/**
 * The session a client message came from, as Tinode's {@code pbx.Session} describes it to plugins.
 *
 * @param sessionId the session's id
 * @param userId the logged-in user ({@code usr...}), or "" before login
 * @param authLevel "NONE", "ANON", "AUTH" or "ROOT"
 * @param userAgent the client's user agent from {@code {hi}}, or ""
 * @param remoteAddr the client's address
 * @param deviceId the device id from {@code {hi}}, or ""
 * @param language the language from {@code {hi}}, or ""
 */
public record PluginSession(String sessionId, String userId, String authLevel, String userAgent, String remoteAddr,
        String deviceId, String language) {
}
