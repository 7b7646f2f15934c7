package io.github.tinodej.internal.push;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * An OAuth2 access token for a Google service account (RFC 7523 JWT bearer grant, as Google's auth
 * libraries do it): a JWT signed with the account's RSA key (RS256) is exchanged at the account's
 * {@code token_uri}. The token is cached and fetched again five minutes before it expires.
 *
 * <p>Why not google-auth-library-oauth2-http: it brings google-http-client, Guava, OpenCensus
 * and more into an embeddable library for what is one signature and one form POST.
 */
public final class ServiceAccountToken {
    /** The scope FCM HTTP v1 needs. */
    public static final String FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final String clientEmail;
    private final String keyId;
    private final PrivateKey key;
    private final String tokenUri;
    private final String projectId;
    private final String scope;
    private final Clock clock;
    private final HttpClient http;
    private final Duration timeout;
    private String token;
    private Instant expires = Instant.MIN;

    /**
     * @param serviceAccountJson the service account file's content
     * @param scope the OAuth2 scope
     * @param clock the clock for the JWT and the cache
     * @param timeout limit of the token request
     */
    public ServiceAccountToken(String serviceAccountJson, String scope, Clock clock, Duration timeout) {
        JsonObject sa = JsonParser.parseString(serviceAccountJson).getAsJsonObject();
        this.clientEmail = required(sa, "client_email");
        this.projectId = required(sa, "project_id");
        this.keyId = sa.has("private_key_id") ? sa.get("private_key_id").getAsString() : null;
        this.tokenUri = sa.has("token_uri") ? sa.get("token_uri").getAsString() : "https://oauth2.googleapis.com/token";
        this.key = privateKey(required(sa, "private_key"));
        this.scope = scope;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The account's project, which FCM's URL names. */
    public String projectId() {
        return projectId;
    }

    /** A valid access token, fetched when the cached one is about to expire. */
    public synchronized String get() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(expires.minus(MARGIN))) {
            fetch(now);
        }
        return token;
    }

    private void fetch(Instant now) {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + jwt(now);
        HttpRequest req = HttpRequest.newBuilder(URI.create(tokenUri)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("token endpoint answered " + r.statusCode());
            }
            JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
            token = o.get("access_token").getAsString();
            long life = o.has("expires_in") ? o.get("expires_in").getAsLong() : LIFETIME.toSeconds();
            expires = now.plusSeconds(life);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("bad token response", e));
        }
    }

    /** The signed assertion: header.claims.signature, base64url without padding. */
    String jwt(Instant now) {
        JsonObject header = new JsonObject();
        header.addProperty("alg", "RS256");
        header.addProperty("typ", "JWT");
        if (keyId != null) {
            header.addProperty("kid", keyId);
        }
        JsonObject claims = new JsonObject();
        claims.addProperty("iss", clientEmail);
        claims.addProperty("scope", scope);
        claims.addProperty("aud", tokenUri);
        claims.addProperty("iat", now.getEpochSecond());
        claims.addProperty("exp", now.plus(LIFETIME).getEpochSecond());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signing = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signing.getBytes(StandardCharsets.US_ASCII));
            return signing + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the token request", e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("service account: private_key is not a PKCS#8 RSA key", e);
        }
    }

    private static String required(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive() || o.get(key).getAsString().isEmpty()) {
            throw new IllegalArgumentException("service account: missing " + key);
        }
        return o.get(key).getAsString();
    }
}
