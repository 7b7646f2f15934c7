package io.github.tinodej.internal.engine;

import io.github.tinodej.transport.ServerStats;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.session.Session;
import io.github.tinodej.internal.session.SessionRegistry;
import io.github.tinodej.internal.topic.Hub;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.TransportContext;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What transports see of the server: API keys, admission of new connections and sessions, upload
 * allowances, HTTP-level authentication with the same limits as {@code {login}}.
 */
final class TransportGate implements TransportContext {
    private final Services services;
    private final Hub hub;
    private final SessionRegistry registry;
    private final Supplier<ServerStats> stats;

    TransportGate(Services services, Hub hub, SessionRegistry registry, Supplier<ServerStats> stats) {
        this.services = services;
        this.hub = hub;
        this.registry = registry;
        this.stats = stats;
    }

    @Override
    public boolean isValidApiKey(String apiKey) {
        return ApiKeys.isValid(apiKey, services.config().apiKeySalt());
    }

    @Override
    public int maxMessageSize() {
        return services.config().limits().maxMessageSize();
    }

    @Override
    public SessionHandle openSession(Connection connection, SessionKind kind) {
        Session s = new Session(services, hub, registry, connection, kind);
        if (services.isStopping()) {
            s.shutdown();
            return s;
        }
        if (!services.throttle().sessionOpened(connection.remoteAddress())) {
            // Over the cap of sessions per address (the transport's admits() check raced).
            s.refuse(Ctrl.TOO_MANY_REQUESTS, "too many connections from this address, or a recent flood");
            return s;
        }
        registry.add(s);
        services.stats().sessionOpened();
        s.startHelloDeadline();
        return s;
    }

    @Override
    public boolean admits(String remoteAddress) {
        return services.throttle().admits(remoteAddress);
    }

    @Override
    public boolean mayUpload(Uid user, String remoteAddress, long bytes) {
        String key = user != null && user.isValid() ? user.userId() : remoteAddress;
        return services.throttle().mayUpload(key, remoteAddress, bytes);
    }

    @Override
    public Clock clock() {
        return services.config().clock();
    }

    @Override
    public java.util.Optional<String> notReady() {
        if (services.isStopping()) {
            return java.util.Optional.of("server stopping");
        }
        try {
            services.store().ping();
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of("store: " + e.getMessage());
        }
    }

    @Override
    public ServerStats stats() {
        return stats.get();
    }

    @Override
    public java.util.Optional<io.github.tinodej.media.MediaStore> media() {
        return java.util.Optional.ofNullable(services.config().media());
    }

    @Override
    public long maxUploadSize() {
        return services.config().media() == null ? 0 : services.config().limits().maxFileUploadSize();
    }

    @Override
    public Uid authenticate(String scheme, byte[] secret) {
        return authenticate(scheme, secret, "");
    }

    @Override
    public Uid authenticate(String scheme, byte[] secret, String remoteAddress) {
        String name = scheme.toLowerCase(java.util.Locale.ROOT);
        Authenticator a = services.authenticator(name);
        if (a == null) {
            throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.MALFORMED,
                    "unknown scheme");
        }
        // The same allowance as {login}: without it, HTTP Basic on the file endpoints was an
        // unlimited password oracle (reliability.md AB-01). Tokens are left out: nothing in a
        // signed token can be guessed, and a page full of images fetched with an expired one
        // must not lock its address out of logging in.
        boolean guessable = !io.github.tinodej.auth.TokenAuthenticator.SCHEME.equals(name);
        String login = io.github.tinodej.internal.limits.Throttle.loginName(name, secret);
        if (guessable && !services.throttle().mayTryLogin(remoteAddress, login)) {
            throw new io.github.tinodej.internal.limits.TooManyRequests();
        }
        io.github.tinodej.auth.AuthResult r;
        try {
            r = a.authenticate(secret, remoteAddress);
        } catch (RuntimeException e) {
            if (guessable && io.github.tinodej.internal.limits.Throttle.failedCredential(e)) {
                services.throttle().loginFailed(remoteAddress, login);
            }
            throw e;
        }
        var user = services.config().store().getUser(r.uid()).orElseThrow(() -> new io.github.tinodej.store.StoreException(
                io.github.tinodej.store.StoreException.Kind.USER_NOT_FOUND, "no such user"));
        if (user.state() != io.github.tinodej.model.ObjectState.OK) {
            throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.DENIED,
                    "account not active");
        }
        return r.uid();
    }

    @Override
    public io.github.tinodej.protocol.Ctrl errorReply(Throwable t) {
        return ErrorMap.toCtrl(t);
    }
}
