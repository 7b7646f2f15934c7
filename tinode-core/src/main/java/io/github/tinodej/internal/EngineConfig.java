package io.github.tinodej.internal;

import io.github.tinodej.server.Limits;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.store.Store;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Everything the builder validated, frozen. Internal; not part of the API.
 *
 * @param store the store
 * @param closeStore whether stop closes the store
 * @param authenticators schemes by name (token excluded)
 * @param tokens the token scheme
 * @param push push provider or null
 * @param clock clock
 * @param executor host executor for actors, or null for an internal pool
 * @param authExecutor host executor for authentication, or null for an internal pool
 * @param authThreadNice nice value of the internal authentication threads, 0 for normal priority
 * @param limits limits
 * @param apiKeySalt API key salt
 * @param buildStamp build stamp
 * @param permanentAccounts whether users may not delete themselves
 * @param iceServersJson ICE servers as a JSON array, or null when calls are off
 * @param callTimeout how long a call may ring
 * @param media file storage or null
 * @param rateLimits rate limits and caps
 * @param scheduler host scheduler for every timer, or null for an internal one
 * @param cred credential validators, reset codes and the collection of unvalidated accounts
 * @param plugins in-process plugins, in the order they are asked
 */
public record EngineConfig(Store store, boolean closeStore, Map<String, Authenticator> authenticators,
        TokenAuthenticator tokens, PushProvider push, Clock clock, Executor executor, Executor authExecutor,
        int authThreadNice,
        Limits limits, byte[] apiKeySalt, String buildStamp, boolean permanentAccounts, String iceServersJson,
        java.time.Duration callTimeout, io.github.tinodej.media.MediaStore media,
        io.github.tinodej.server.RateLimits rateLimits, io.github.tinodej.server.Scheduler scheduler,
        io.github.tinodej.internal.cred.CredConfig cred, java.util.List<io.github.tinodej.plugin.Plugin> plugins) {
}
