package io.github.tinodej.auth.rest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;

/**
 * One JSON-over-HTTP call of Tinode's rest auth protocol: a POST of
 * {@code {endpoint, name, rec, secret, addr}}, a 2xx answer of JSON, {@code err} turned into the
 * matching failure. Anything else (no connection, a timeout, another status, a body that is not
 * JSON) is an internal error, which clients see as 500, as Go answers any non-store error.
 * Secrets are never put in messages.
 */
final class RestClient {
    private final HttpClient http;
    private final URI base;
    private final boolean separateEndpoints;
    private final String name;
    private final Duration requestTimeout;

    RestClient(HttpClient http, URI base, boolean separateEndpoints, String name, Duration requestTimeout) {
        this.http = http;
        this.base = base;
        this.separateEndpoints = separateEndpoints;
        this.name = name;
        this.requestTimeout = requestTimeout;
    }

    RestResponse call(String endpoint, RestRecord rec, byte[] secret, String remoteAddr) {
        JsonObject req = new JsonObject();
        req.addProperty("endpoint", endpoint);
        req.addProperty("name", name);
        if (rec != null) {
            req.add("rec", rec.toJson());
        }
        if (secret != null && secret.length > 0) {
            req.addProperty("secret", Base64.getEncoder().encodeToString(secret));
        }
        if (remoteAddr != null && !remoteAddr.isEmpty()) {
            req.addProperty("addr", remoteAddr);
        }
        URI uri = separateEndpoints ? base.resolve(endpoint) : base;
        HttpRequest post = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new StoreException(StoreException.Kind.INTERNAL,
                    "rest auth server did not answer " + endpoint + " in time (" + uri + ")", e);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.INTERNAL,
                    "rest auth server unreachable for " + endpoint + " (" + uri + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.INTERNAL, "interrupted calling rest auth server", e);
        }
        if (resp.statusCode() < 200 || resp.statusCode() >= 300) {
            throw new StoreException(StoreException.Kind.INTERNAL,
                    "rest auth server answered " + endpoint + " with HTTP " + resp.statusCode());
        }
        JsonObject body;
        try {
            body = JsonParser.parseString(resp.body()).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INTERNAL,
                    "rest auth server answered " + endpoint + " with something other than a JSON object", e);
        }
        String err = RestRecord.string(body, "err");
        if (err != null && !err.isEmpty()) {
            throw RestResponse.error(err, endpoint);
        }
        return RestResponse.parse(body);
    }
}
