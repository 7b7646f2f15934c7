package io.github.tinodej.auth.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.auth.AccountFactory;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.NewAccount;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tinode's {@code rest} scheme: every authentication question goes to a separate service over
 * HTTP, in the JSON of Tinode's {@code server/auth/rest} (endpoints {@code auth}, {@code add},
 * {@code checkunique}, {@code upd}, {@code del}, {@code link}, {@code rtagns}), so a directory such
 * as LDAP or a company's user database stays the source of truth. A service written for Tinode
 * works unchanged.
 *
 * <p>With {@link Builder#allowNewAccounts} a user the service knows but this server does not is
 * created on first login from the service's {@code newacc}, then reported back with {@code link};
 * if linking fails the new account is removed again. The restricted tag namespaces
 * ({@code rtagns}) are asked for the first time they are needed and then cached.
 *
 * <p>Every call has a connect timeout (2 s) and a request timeout (5 s) unless configured
 * otherwise; a service that is down, slow, or answers anything but 2xx JSON makes the request
 * fail with 500 "internal error", and the service's {@code err} strings map to the codes Tinode
 * gives them ({@code "failed"} is 401, {@code "not found"} 404, {@code "duplicate value"} 409,
 * {@code "unsupported"} 501, ...).
 *
 * <p>Thread-safe; every call blocks on the network, which is why the engine calls it on its
 * authentication pool.
 */
public final class RestAuthenticator implements Authenticator {
    /** Scheme name. */
    public static final String SCHEME = "rest";
    /** After a failed {@code rtagns}, how long to answer "unavailable" without asking again. */
    private static final Duration RTAGNS_RETRY = Duration.ofSeconds(10);

    private final RestClient client;
    private final boolean allowNewAccounts;
    private final Object namespacesLock = new Object();
    private volatile List<String> namespaces;
    private Instant retryAfter;
    private Store store;
    private Clock clock = Clock.systemUTC();
    private AccountFactory accounts = AccountFactory.UNSUPPORTED;

    private RestAuthenticator(Builder b) {
        HttpClient http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        this.client = new RestClient(http, b.serverUrl, b.separateEndpoints, b.name, b.requestTimeout);
        this.allowNewAccounts = b.allowNewAccounts;
    }

    /**
     * Starts a configuration.
     *
     * @param serverUrl the service's absolute URL (Tinode's {@code server_url}); a missing
     *        trailing slash is added
     */
    public static Builder builder(URI serverUrl) {
        return new Builder(serverUrl);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public void init(AuthEnvironment env) {
        this.store = env.store();
        this.clock = env.clock();
        this.accounts = env.accounts();
    }

    @Override
    public AuthResult authenticate(byte[] secret, String remoteAddr) {
        warmNamespaces();
        RestResponse r = client.call("auth", null, secret, remoteAddr);
        RestRecord rec = r.rec();
        if (rec == null) {
            throw new StoreException(StoreException.Kind.INTERNAL, "rest auth server answered auth without rec");
        }
        if (!rec.uid().isValid()) {
            if (!allowNewAccounts) {
                throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "rest auth server knows no local user");
            }
            if (r.newacc() == null) {
                throw new StoreException(StoreException.Kind.NOT_FOUND, "rest auth server sent no newacc");
            }
            rec = rec.withUid(createAndLink(rec, r.newacc(), secret));
        }
        if (rec.state() != null && rec.state() != ObjectState.OK) {
            throw new StoreException(StoreException.Kind.DENIED, "account not active");
        }
        AuthLevel level = rec.level() == AuthLevel.NONE ? AuthLevel.AUTH : rec.level();
        // byteval is a challenge: {login} answers 300 with it, {acc tmpscheme} ignores it, as in Go.
        return new AuthResult(rec.uid(), level, expiry(rec), rec.features(), null, r.byteval());
    }

    private Uid createAndLink(RestRecord rec, JsonObject newacc, byte[] secret) {
        NewAccount a = new NewAccount(rec.state(), RestRecord.string(newacc, "auth"), RestRecord.string(newacc, "anon"),
                json(newacc, "public"), json(newacc, "trusted"), json(newacc, "private"), rec.tags());
        Uid uid = accounts.create(a);
        try {
            client.call("link", rec.withUid(uid), secret, "");
        } catch (RuntimeException e) {
            try {
                accounts.remove(uid);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return uid;
    }

    @Override
    public boolean isUnique(byte[] secret, String remoteAddr) {
        return client.call("checkunique", null, secret, remoteAddr).boolval();
    }

    @Override
    public AuthResult addRecord(Uid uid, AuthLevel level, byte[] secret, String remoteAddr) {
        RestRecord rec = client.call("add", record(uid), secret, remoteAddr).rec();
        if (rec == null) {
            throw new StoreException(StoreException.Kind.INTERNAL, "rest auth server answered add without rec");
        }
        addTags(uid, rec.tags());
        AuthLevel lvl = rec.level() != AuthLevel.NONE ? rec.level() : level == AuthLevel.NONE ? AuthLevel.AUTH : level;
        return new AuthResult(uid, lvl, expiry(rec), rec.features(), null);
    }

    @Override
    public AuthResult updateRecord(Uid uid, byte[] secret, String remoteAddr) {
        client.call("upd", record(uid), secret, remoteAddr);
        return new AuthResult(uid, AuthLevel.AUTH, null, 0, null);
    }

    @Override
    public void deleteRecords(Uid uid) {
        client.call("del", RestRecord.of(uid), null, "");
    }

    /**
     * The service's restricted namespaces ({@code rtagns}), asked once and cached. Until the
     * service has answered, this call blocks on it and fails (refusing the tag change that asked)
     * if it cannot be reached, then fails at once for 10 s before asking again; logins ask for it
     * ahead, on the authentication pool.
     */
    @Override
    public List<String> restrictedTagNamespaces() {
        List<String> ns = namespaces;
        if (ns != null) {
            return ns;
        }
        synchronized (namespacesLock) {
            if (namespaces == null) {
                if (retryAfter != null && clock.instant().isBefore(retryAfter)) {
                    // The service just failed: refuse at once instead of stalling another request thread.
                    throw new StoreException(StoreException.Kind.INTERNAL, "rest auth server's rtagns unavailable");
                }
                try {
                    // byteval (a pattern for search tokens) serves Tinode's AsTag in fnd, which tinodej does not have.
                    namespaces = client.call("rtagns", null, null, "").strarr();
                } catch (StoreException e) {
                    retryAfter = clock.instant().plus(RTAGNS_RETRY);
                    throw e;
                }
            }
            return namespaces;
        }
    }

    private void warmNamespaces() {
        if (namespaces == null) {
            try {
                restrictedTagNamespaces();
            } catch (StoreException e) {
                // Asked again when a tag change needs it; the login does not depend on it.
            }
        }
    }

    /** The record Go sends for add and upd: the user and the tags it has. */
    private RestRecord record(Uid uid) {
        List<String> tags = store == null ? List.of() : store.getUser(uid).map(User::tags).orElse(List.of());
        return new RestRecord(uid, AuthLevel.NONE, null, 0, tags, null);
    }

    /** Tags the service attached to a new record become the user's, as Go adds a record's tags. */
    private void addTags(Uid uid, List<String> extra) {
        if (extra.isEmpty() || store == null) {
            return;
        }
        Optional<User> u = store.getUser(uid);
        if (u.isEmpty()) {
            return;
        }
        List<String> tags = new ArrayList<>(u.get().tags());
        extra.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).filter(t -> !tags.contains(t)).forEach(tags::add);
        tags.sort(null);
        store.updateUser(u.get().withTags(tags, clock.instant()));
    }

    private Instant expiry(RestRecord rec) {
        return rec.lifetime() == null || rec.lifetime().isZero() || rec.lifetime().isNegative()
                ? null : clock.instant().plus(rec.lifetime());
    }

    private static String json(JsonObject o, String key) {
        JsonElement e = RestRecord.get(o, key);
        return e == null || e.isJsonNull() ? null : e.toString();
    }

    /** Settings of a {@link RestAuthenticator}, Tinode's {@code auth_config.rest} plus timeouts. Not thread-safe. */
    public static final class Builder {
        private final URI serverUrl;
        private boolean allowNewAccounts;
        private boolean separateEndpoints;
        private String name = SCHEME;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private HttpClient http;

        private Builder(URI url) {
            Objects.requireNonNull(url, "serverUrl");
            if (!url.isAbsolute() || url.getHost() == null
                    || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException("rest auth server_url must be an absolute http(s) URL: " + url);
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            this.serverUrl = url.resolve(path.endsWith("/") ? path : path + "/");
        }

        /** Tinode's {@code allow_new_accounts}: create local accounts from {@code newacc}. Default false. */
        public Builder allowNewAccounts(boolean allow) {
            this.allowNewAccounts = allow;
            return this;
        }

        /** Tinode's {@code use_separate_endpoints}: POST to {@code server_url + endpoint}. Default false. */
        public Builder useSeparateEndpoints(boolean separate) {
            this.separateEndpoints = separate;
            return this;
        }

        /** The name sent in every request (Tinode sends the logical scheme name). Default {@code rest}. */
        public Builder name(String n) {
            if (n == null || n.isEmpty()) {
                throw new IllegalArgumentException("rest auth name must not be empty");
            }
            this.name = n;
            return this;
        }

        /** How long to wait for a connection; default 2 s. Ignored with {@link #httpClient}. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** How long to wait for each answer; default 5 s. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** The HTTP client (TLS settings, proxy); default a new one with {@link #connectTimeout}. */
        public Builder httpClient(HttpClient c) {
            this.http = Objects.requireNonNull(c, "httpClient");
            return this;
        }

        /** The authenticator; register it with {@code TinodeServer.Builder.authenticator}. */
        public RestAuthenticator build() {
            return new RestAuthenticator(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
