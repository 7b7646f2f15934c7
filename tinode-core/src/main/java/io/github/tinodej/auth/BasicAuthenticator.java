package io.github.tinodej.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Login and password ({@code basic}), stored as bcrypt hashes in the store's auth records under
 * {@code basic:<login>}. The secret is {@code login:password}, split at the first colon, login
 * lower-cased, as in Tinode's {@code auth/basic}. Hashes use the {@code $2a$} format, so records
 * migrated from a Tinode database keep working.
 *
 * <p>Thread-safe; hashing blocks for tens of milliseconds, which is why the engine calls it on its
 * authentication pool.
 */
public final class BasicAuthenticator implements Authenticator {
    /** Scheme name. */
    public static final String SCHEME = "basic";
    private static final int MAX_LOGIN_LENGTH = 32;
    /** bcrypt reads at most 72 bytes; Go refuses longer passwords rather than truncating them. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern LOGIN = Pattern.compile("^[\\p{L}\\p{N}][_.\\p{L}\\p{N}]*[\\p{L}\\p{N}]+$");

    private final int minLoginLength;
    private final int minPasswordLength;
    private final int cost;
    private volatile byte[] decoy;
    private final boolean addToTags;
    private Store store;
    private Clock clock;

    /** Tinode's stock policy: logins of 4+ characters, passwords of 6+, bcrypt cost 10, login tags. */
    public BasicAuthenticator() {
        this(4, 6, 10, true);
    }

    /**
     * @param minLoginLength shortest accepted login (at least 1)
     * @param minPasswordLength shortest accepted password (at least 1)
     * @param cost bcrypt cost, 4..31
     * @param addToTags whether the login becomes the user's {@code basic:} tag
     */
    public BasicAuthenticator(int minLoginLength, int minPasswordLength, int cost, boolean addToTags) {
        if (minLoginLength < 1 || minLoginLength > MAX_LOGIN_LENGTH) {
            throw new IllegalArgumentException("minLoginLength must be 1.." + MAX_LOGIN_LENGTH + ": " + minLoginLength);
        }
        if (minPasswordLength < 1) {
            throw new IllegalArgumentException("minPasswordLength must be positive: " + minPasswordLength);
        }
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4..31: " + cost);
        }
        this.minLoginLength = minLoginLength;
        this.minPasswordLength = minPasswordLength;
        this.cost = cost;
        this.addToTags = addToTags;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public void init(AuthEnvironment env) {
        this.store = env.store();
        this.clock = env.clock();
    }

    @Override
    public AuthResult authenticate(byte[] secret, String remoteAddr) {
        String[] lp = parse(secret);
        byte[] password = lp[1].getBytes(StandardCharsets.UTF_8);
        if (password.length > MAX_PASSWORD_BYTES) {
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "wrong password");
        }
        Optional<AuthRecord> rec = store.getAuthRecordByUnique(SCHEME + ":" + lp[0]);
        if (rec.isEmpty()) {
            // An unknown login costs the same hash as a known one: answering it at once would let
            // anyone tell taken logins from free ones by the reply time (reliability.md AB-01).
            BCrypt.verifyer().verify(password, decoy());
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "unknown login");
        }
        AuthRecord r = rec.get();
        boolean verified = BCrypt.verifyer().verify(password, r.secret()).verified;
        if (r.expires() != null && r.expires().isBefore(clock.instant())) {
            throw new StoreException(StoreException.Kind.EXPIRED, "credential expired");
        }
        if (!verified) {
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "wrong password");
        }
        return new AuthResult(r.uid(), r.level(), null, 0, tag(lp[0]));
    }

    /** A hash of a random password at the configured cost, made once, for unknown logins. */
    private byte[] decoy() {
        byte[] d = decoy;
        if (d == null) {
            byte[] random = new byte[16];
            new java.security.SecureRandom().nextBytes(random);
            d = BCrypt.withDefaults().hash(cost, random);
            decoy = d;
        }
        return d;
    }

    @Override
    public boolean isUnique(byte[] secret, String remoteAddr) {
        String[] lp = parse(secret);
        checkLogin(lp[0]);
        return store.getAuthRecordByUnique(SCHEME + ":" + lp[0]).isEmpty();
    }

    @Override
    public AuthResult addRecord(Uid uid, AuthLevel level, byte[] secret, String remoteAddr) {
        String[] lp = parse(secret);
        checkLogin(lp[0]);
        checkPassword(lp[1]);
        AuthLevel lvl = level == AuthLevel.NONE ? AuthLevel.AUTH : level;
        store.addAuthRecord(new AuthRecord(SCHEME + ":" + lp[0], uid, SCHEME, lvl, hash(lp[1]), null));
        return new AuthResult(uid, lvl, null, 0, tag(lp[0]));
    }

    @Override
    public AuthResult updateRecord(Uid uid, byte[] secret, String remoteAddr) {
        String[] lp = parse(secret);
        AuthRecord old = store.getAuthRecord(uid, SCHEME)
                .orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no basic record"));
        String oldLogin = old.unique().substring(SCHEME.length() + 1);
        String login = lp[0];
        if (login.isEmpty() || login.equals(oldLogin)) {
            login = oldLogin;
        } else {
            checkLogin(login);
            if (store.getAuthRecordByUnique(SCHEME + ":" + login).isPresent()) {
                throw new StoreException(StoreException.Kind.DUPLICATE, "login taken");
            }
        }
        checkPassword(lp[1]);
        store.updateAuthRecord(new AuthRecord(SCHEME + ":" + login, uid, SCHEME, old.level(), hash(lp[1]), null));
        return new AuthResult(uid, old.level(), null, 0, tag(login));
    }

    @Override
    public java.util.Map<String, String> resetParams(Uid uid) {
        AuthRecord r = store.getAuthRecord(uid, SCHEME)
                .orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no basic record"));
        return java.util.Map.of("login", r.unique().substring(SCHEME.length() + 1));
    }

    @Override
    public void deleteRecords(Uid uid) {
        store.deleteAuthRecords(uid, SCHEME);
    }

    @Override
    public List<String> restrictedTagNamespaces() {
        return addToTags ? List.of(SCHEME) : List.of();
    }

    private String tag(String login) {
        return addToTags ? SCHEME + ":" + login : null;
    }

    private byte[] hash(String password) {
        return BCrypt.withDefaults().hash(cost, password.getBytes(StandardCharsets.UTF_8));
    }

    private void checkLogin(String login) {
        int n = login.codePointCount(0, login.length());
        if (n < minLoginLength || n > MAX_LOGIN_LENGTH || !LOGIN.matcher(login).matches()) {
            throw new StoreException(StoreException.Kind.POLICY, "login violates policy");
        }
    }

    private void checkPassword(String password) {
        if (password.codePointCount(0, password.length()) < minPasswordLength
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new StoreException(StoreException.Kind.POLICY, "password violates policy");
        }
    }

    /** Splits {@code login:password}; login lower-cased. */
    private static String[] parse(byte[] secret) {
        String s = new String(secret, StandardCharsets.UTF_8);
        int at = s.indexOf(':');
        if (at < 0) {
            throw new StoreException(StoreException.Kind.MALFORMED, "basic secret without ':'");
        }
        return new String[] {s.substring(0, at).toLowerCase(java.util.Locale.ROOT), s.substring(at + 1)};
    }
}
